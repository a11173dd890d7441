//! The demo vault's fictional people and what happened with them. Times
//! are counted back from today, so the demo always looks recent.

/// A fictional person, as added before the demo's story begins.
#[derive(Debug)]
pub struct Person {
    pub name: &'static str,
    pub relationship: &'static str,
    /// How often you see each other now (the CLI's word for it).
    pub proximity: &'static str,
    pub how_we_met: &'static str,
    /// "Check in about every N days".
    pub cadence_days: Option<u32>,
    /// When they moved, and how near they were before.
    pub moved: Option<Moved>,
}

/// A change of proximity: someone moved away.
#[derive(Debug)]
pub struct Moved {
    pub before: &'static str,
    pub days_ago: u32,
}

/// A check-in: the seven answers (1–5) and the circles (1–7).
#[derive(Debug)]
pub struct Checkin {
    pub person: &'static str,
    pub days_ago: u32,
    /// Seen, heard, understood, safe, trust, they showed up, I showed up.
    pub answers: [u8; 7],
    pub ios: u8,
    pub note: &'static str,
}

/// A love-map answer: what is on their mind, under one topic.
#[derive(Debug)]
pub struct LoveMap {
    pub person: &'static str,
    pub topic: &'static str,
    pub text: &'static str,
    /// When it was last updated.
    pub days_ago: u32,
}

/// A moment: something someone did.
#[derive(Debug)]
pub struct Moment {
    pub person: &'static str,
    pub kind: &'static str,
    pub days_ago: u32,
    pub note: &'static str,
}

/// A note about a person.
#[derive(Debug)]
pub struct Note {
    pub person: &'static str,
    pub text: &'static str,
}

/// A journal entry.
#[derive(Debug)]
pub struct Entry {
    pub days_ago: u32,
    pub title: &'static str,
    pub tags: &'static [&'static str],
    pub people: &'static [&'static str],
    pub body: &'static str,
}

/// A date to remember about a person, some days from now.
#[derive(Debug)]
pub struct Date {
    pub person: &'static str,
    pub label: &'static str,
    pub days_ahead: u32,
}

/// Fictional people. The order gives their ids in the history.
pub const PEOPLE: &[Person] = &[
    Person {
        name: "Maya Lin",
        relationship: "old friend",
        proximity: "far-away",
        how_we_met: "Shared a desk in the first year of university.",
        cadence_days: Some(21),
        moved: Some(Moved {
            before: "most-days",
            days_ago: 200,
        }),
    },
    Person {
        name: "Sam Okafor",
        relationship: "brother",
        proximity: "weekly",
        how_we_met: "He was there first.",
        cadence_days: Some(14),
        moved: None,
    },
    Person {
        name: "Ines Duarte",
        relationship: "neighbour",
        proximity: "most-days",
        how_we_met: "Her cat kept visiting our garden.",
        cadence_days: None,
        moved: None,
    },
    Person {
        name: "Theo Brandt",
        relationship: "colleague",
        proximity: "most-days",
        how_we_met: "Paired on the spring release.",
        cadence_days: Some(10),
        moved: None,
    },
    Person {
        name: "Ruth Adler",
        relationship: "grandmother",
        proximity: "few-times-a-year",
        how_we_met: "She taught me to swim.",
        cadence_days: Some(21),
        moved: None,
    },
    Person {
        name: "Jonas Weber",
        relationship: "cousin",
        proximity: "monthly",
        how_we_met: "Family dinners.",
        cadence_days: None,
        moved: None,
    },
];

/// Past check-ins (months of them: a depth trend).
pub const CHECKINS_PAST: &[Checkin] = &[
    Checkin {
        person: "Maya Lin",
        days_ago: 400,
        answers: [3, 3, 3, 3, 4, 3, 3],
        ios: 4,
        note: "Packing her kitchen; she's really going.",
    },
    Checkin {
        person: "Maya Lin",
        days_ago: 180,
        answers: [3, 3, 3, 3, 4, 3, 3],
        ios: 4,
        note: "Hard goodbye at the station.",
    },
    Checkin {
        person: "Maya Lin",
        days_ago: 110,
        answers: [4, 4, 3, 4, 4, 4, 3],
        ios: 5,
        note: "First long call since she moved.",
    },
    Checkin {
        person: "Maya Lin",
        days_ago: 40,
        answers: [4, 5, 4, 4, 5, 4, 4],
        ios: 6,
        note: "",
    },
    Checkin {
        person: "Sam Okafor",
        days_ago: 150,
        answers: [3, 2, 2, 3, 4, 3, 3],
        ios: 3,
        note: "We only talked about football.",
    },
    Checkin {
        person: "Sam Okafor",
        days_ago: 75,
        answers: [3, 3, 3, 3, 4, 4, 3],
        ios: 4,
        note: "",
    },
    Checkin {
        person: "Sam Okafor",
        days_ago: 30,
        answers: [4, 4, 3, 4, 4, 4, 4],
        ios: 5,
        note: "He asked how I was, and waited.",
    },
    Checkin {
        person: "Ines Duarte",
        days_ago: 90,
        answers: [3, 3, 3, 3, 4, 4, 3],
        ios: 3,
        note: "",
    },
    Checkin {
        person: "Ines Duarte",
        days_ago: 25,
        answers: [4, 4, 3, 3, 4, 4, 4],
        ios: 4,
        note: "",
    },
    Checkin {
        person: "Theo Brandt",
        days_ago: 120,
        answers: [2, 3, 2, 2, 3, 3, 3],
        ios: 2,
        note: "Lunch, but all work talk.",
    },
    Checkin {
        person: "Theo Brandt",
        days_ago: 60,
        answers: [2, 2, 2, 2, 3, 3, 2],
        ios: 2,
        note: "",
    },
    Checkin {
        person: "Theo Brandt",
        days_ago: 20,
        answers: [3, 2, 2, 2, 3, 3, 3],
        ios: 2,
        note: "Every day side by side; I still don't know him.",
    },
    Checkin {
        person: "Ruth Adler",
        days_ago: 95,
        answers: [3, 3, 2, 3, 3, 2, 2],
        ios: 3,
        note: "",
    },
    Checkin {
        person: "Ruth Adler",
        days_ago: 35,
        answers: [3, 3, 3, 2, 3, 3, 2],
        ios: 3,
        note: "She repeats the old stories. I could ask new questions.",
    },
];

/// Check-ins typed today.
pub const CHECKINS_TODAY: &[Checkin] = &[
    Checkin {
        person: "Maya Lin",
        days_ago: 0,
        answers: [5, 5, 4, 5, 5, 4, 4],
        ios: 6,
        note: "Three countries between us and it still felt like the old desk.",
    },
    Checkin {
        person: "Sam Okafor",
        days_ago: 0,
        answers: [4, 5, 4, 4, 4, 4, 5],
        ios: 5,
        note: "He talked about Dad. I listened.",
    },
];

/// Love-map answers last updated long ago (the app marks them as stale).
pub const LOVE_MAP_STALE: &[LoveMap] = &[
    LoveMap {
        person: "Maya Lin",
        topic: "worried",
        text: "Whether the Lisbon job will work out.",
        days_ago: 150,
    },
    LoveMap {
        person: "Theo Brandt",
        topic: "hoping",
        text: "To move closer to the coast one day.",
        days_ago: 200,
    },
];

/// Love-map answers typed today.
pub const LOVE_MAP_TODAY: &[LoveMap] = &[
    LoveMap {
        person: "Maya Lin",
        topic: "carrying",
        text: "A new city, a new language, a team that talks fast.",
        days_ago: 0,
    },
    LoveMap {
        person: "Maya Lin",
        topic: "enjoying",
        text: "Swimming in the sea before work.",
        days_ago: 0,
    },
    LoveMap {
        person: "Sam Okafor",
        topic: "hoping",
        text: "A sub-two-hour half-marathon in October.",
        days_ago: 0,
    },
    LoveMap {
        person: "Sam Okafor",
        topic: "carrying",
        text: "Missing Dad more than he says.",
        days_ago: 0,
    },
    LoveMap {
        person: "Theo Brandt",
        topic: "matters",
        text: "His daughter's football on Saturdays — he mentioned it once.",
        days_ago: 0,
    },
];

/// Moments.
pub const MOMENTS: &[Moment] = &[
    Moment {
        person: "Sam Okafor",
        kind: "really-listened",
        days_ago: 0,
        note: "The river walk; he talked about Dad.",
    },
    Moment {
        person: "Ines Duarte",
        kind: "i-showed-up",
        days_ago: 2,
        note: "Soup, and not too many questions.",
    },
    Moment {
        person: "Maya Lin",
        kind: "shared-vulnerable",
        days_ago: 5,
        note: "She is scared of the new job; I am scared of staying put.",
    },
    Moment {
        person: "Ruth Adler",
        kind: "they-showed-up",
        days_ago: 30,
        note: "She sent a card for no reason at all.",
    },
    Moment {
        person: "Theo Brandt",
        kind: "rupture",
        days_ago: 45,
        note: "Snapped at him in the release meeting.",
    },
    Moment {
        person: "Theo Brandt",
        kind: "repair",
        days_ago: 44,
        note: "Apologised over coffee; he laughed it off kindly.",
    },
];

/// An entry from this day last year (dated a year back, written 366 days
/// ago), for "on this day".
pub const A_YEAR_AGO: Entry = Entry {
    days_ago: 366,
    title: "Maya's last week in town",
    tags: &["friends"],
    people: &["Maya Lin"],
    body: "Helped @Maya Lin pack the kitchen. We kept stopping to read old postcards. I will miss her more than I said.",
};

/// Notes.
pub const NOTES: &[Note] = &[
    Note {
        person: "Maya Lin",
        text: "Starting the new job in Lisbon next month; nervous about the language. Ask how the first week went.",
    },
    Note {
        person: "Maya Lin",
        text: "Still sends a postcard every winter. I never write back on paper: this year, do.",
    },
    Note {
        person: "Sam Okafor",
        text: "Training for the half-marathon in October. Offer to run the last 5 km with him.",
    },
    Note {
        person: "Ines Duarte",
        text: "Her mother is in hospital. Bring soup, don't ask too many questions.",
    },
    Note {
        person: "Theo Brandt",
        text: "Has a daughter, Lena, who plays football. Ask how the season is going.",
    },
];

/// Entries of the last two weeks.
pub const ENTRIES: &[Entry] = &[
    Entry {
        days_ago: 0,
        title: "A long walk with Sam",
        tags: &["family", "walks"],
        people: &["Sam Okafor"],
        body: "Walked the river path with @Sam Okafor until the light went. He talked about the race, \
               and then, for the first time in months, about Dad.\n\nI mostly listened. I think that was right.",
    },
    Entry {
        days_ago: 2,
        title: "Soup for Ines",
        tags: &["neighbours"],
        people: &["Ines Duarte"],
        body: "Took soup over to @Ines Duarte. We sat on the step for twenty minutes and didn't say much. \
               She said *thank you for not asking*.",
    },
    Entry {
        days_ago: 5,
        title: "Call with Maya",
        tags: &["friends"],
        people: &["Maya Lin"],
        body: "Two hours on the phone with @Maya Lin. Three countries between us and it still felt like \
               the old desk.\n\n- she is scared of the new job\n- I am scared of staying put\n\nFar away, but close.",
    },
    Entry {
        days_ago: 9,
        title: "Quiet Sunday",
        tags: &["home"],
        people: &[],
        body: "Nobody to see, nothing to do. Baked bread, read on the sofa, went for a walk at dusk. \
               Being alone felt restful rather than lonely, which is new.",
    },
    Entry {
        days_ago: 14,
        title: "Release day",
        tags: &["work"],
        people: &["Theo Brandt"],
        body: "Shipped the spring release with @Theo Brandt. We sit next to each other every day and I \
               realised I know almost nothing about his life. Ask him something real next week.",
    },
];

/// A birthday coming up soon, so the reach-out list has a date to show.
pub const BIRTHDAY_SOON: Date = Date {
    person: "Theo Brandt",
    label: "birthday",
    days_ahead: 9,
};
