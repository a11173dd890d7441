//! The demo vault's fictional people and what happened with them. Days are
//! counted back from today, so the demo always looks recent.

/// A fictional person: name, relationship, proximity, how we met, "check
/// in about every N days", and (proximity before, days ago) if they moved.
pub type DemoPerson = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<u32>,
    Option<(&'static str, u32)>,
);

/// Fictional people.
pub const DEMO_PEOPLE: &[DemoPerson] = &[
    (
        "Maya Lin",
        "old friend",
        "far-away",
        "Shared a desk in the first year of university.",
        Some(21),
        Some(("most-days", 200)),
    ),
    (
        "Sam Okafor",
        "brother",
        "weekly",
        "He was there first.",
        Some(14),
        None,
    ),
    (
        "Ines Duarte",
        "neighbour",
        "most-days",
        "Her cat kept visiting our garden.",
        None,
        None,
    ),
    (
        "Theo Brandt",
        "colleague",
        "most-days",
        "Paired on the spring release.",
        Some(10),
        None,
    ),
    (
        "Ruth Adler",
        "grandmother",
        "few-times-a-year",
        "She taught me to swim.",
        Some(21),
        None,
    ),
    (
        "Jonas Weber",
        "cousin",
        "monthly",
        "Family dinners.",
        None,
        None,
    ),
];

/// Fictional past check-ins: person, days ago, the seven answers (seen,
/// heard, understood, safe, trust, they showed up, I showed up), circles,
/// reflection.
pub type DemoCheckin = (&'static str, u32, [u8; 7], u8, &'static str);

pub const DEMO_CHECKINS_PAST: &[DemoCheckin] = &[
    (
        "Maya Lin",
        400,
        [3, 3, 3, 3, 4, 3, 3],
        4,
        "Packing her kitchen; she's really going.",
    ),
    (
        "Maya Lin",
        180,
        [3, 3, 3, 3, 4, 3, 3],
        4,
        "Hard goodbye at the station.",
    ),
    (
        "Maya Lin",
        110,
        [4, 4, 3, 4, 4, 4, 3],
        5,
        "First long call since she moved.",
    ),
    ("Maya Lin", 40, [4, 5, 4, 4, 5, 4, 4], 6, ""),
    (
        "Sam Okafor",
        150,
        [3, 2, 2, 3, 4, 3, 3],
        3,
        "We only talked about football.",
    ),
    ("Sam Okafor", 75, [3, 3, 3, 3, 4, 4, 3], 4, ""),
    (
        "Sam Okafor",
        30,
        [4, 4, 3, 4, 4, 4, 4],
        5,
        "He asked how I was, and waited.",
    ),
    ("Ines Duarte", 90, [3, 3, 3, 3, 4, 4, 3], 3, ""),
    ("Ines Duarte", 25, [4, 4, 3, 3, 4, 4, 4], 4, ""),
    (
        "Theo Brandt",
        120,
        [2, 3, 2, 2, 3, 3, 3],
        2,
        "Lunch, but all work talk.",
    ),
    ("Theo Brandt", 60, [2, 2, 2, 2, 3, 3, 2], 2, ""),
    (
        "Theo Brandt",
        20,
        [3, 2, 2, 2, 3, 3, 3],
        2,
        "Every day side by side; I still don't know him.",
    ),
    ("Ruth Adler", 95, [3, 3, 2, 3, 3, 2, 2], 3, ""),
    (
        "Ruth Adler",
        35,
        [3, 3, 3, 2, 3, 3, 2],
        3,
        "She repeats the old stories. I could ask new questions.",
    ),
];

/// Check-ins written today with the CLI: person, answers, reflection.
pub const DEMO_CHECKINS_TODAY: &[(&str, &[&str], &str)] = &[
    (
        "Maya Lin",
        &[
            "--seen",
            "5",
            "--heard",
            "5",
            "--understood",
            "4",
            "--safe",
            "5",
            "--trust",
            "5",
            "--they-showed-up",
            "4",
            "--i-showed-up",
            "4",
            "--ios",
            "6",
        ],
        "Three countries between us and it still felt like the old desk.",
    ),
    (
        "Sam Okafor",
        &[
            "--seen",
            "4",
            "--heard",
            "5",
            "--understood",
            "4",
            "--safe",
            "4",
            "--trust",
            "4",
            "--they-showed-up",
            "4",
            "--i-showed-up",
            "5",
            "--ios",
            "5",
        ],
        "He talked about Dad. I listened.",
    ),
];

/// Love-map answers last updated long ago: person, topic, text, days ago.
pub const DEMO_STALE_LOVE_MAP: &[(&str, &str, &str, u32)] = &[
    (
        "Maya Lin",
        "worried",
        "Whether the Lisbon job will work out.",
        150,
    ),
    (
        "Theo Brandt",
        "hoping",
        "To move closer to the coast one day.",
        200,
    ),
];

/// Love-map answers typed today.
pub const DEMO_LOVE_MAP: &[(&str, &str, &str)] = &[
    (
        "Maya Lin",
        "carrying",
        "A new city, a new language, a team that talks fast.",
    ),
    ("Maya Lin", "enjoying", "Swimming in the sea before work."),
    (
        "Sam Okafor",
        "hoping",
        "A sub-two-hour half-marathon in October.",
    ),
    ("Sam Okafor", "carrying", "Missing Dad more than he says."),
    (
        "Theo Brandt",
        "matters",
        "His daughter's football on Saturdays — he mentioned it once.",
    ),
];

/// Moments: person, kind, days ago, note.
pub const DEMO_MOMENTS: &[(&str, &str, u32, &str)] = &[
    (
        "Sam Okafor",
        "really-listened",
        0,
        "The river walk; he talked about Dad.",
    ),
    (
        "Ines Duarte",
        "i-showed-up",
        2,
        "Soup, and not too many questions.",
    ),
    (
        "Maya Lin",
        "shared-vulnerable",
        5,
        "She is scared of the new job; I am scared of staying put.",
    ),
    (
        "Ruth Adler",
        "they-showed-up",
        30,
        "She sent a card for no reason at all.",
    ),
    (
        "Theo Brandt",
        "rupture",
        45,
        "Snapped at him in the release meeting.",
    ),
    (
        "Theo Brandt",
        "repair",
        44,
        "Apologised over coffee; he laughed it off kindly.",
    ),
];

/// An entry from this day last year: title, body, person.
pub const DEMO_A_YEAR_AGO: (&str, &str, &str) = (
    "Maya's last week in town",
    "Helped @Maya Lin pack the kitchen. We kept stopping to read old postcards. I will miss her more than I said.",
    "Maya Lin",
);

/// Fictional notes: person, text.
pub const DEMO_NOTES: &[(&str, &str)] = &[
    ("Maya Lin", "Starting the new job in Lisbon next month; nervous about the language. Ask how the first week went."),
    ("Maya Lin", "Still sends a postcard every winter. I never write back on paper: this year, do."),
    ("Sam Okafor", "Training for the half-marathon in October. Offer to run the last 5 km with him."),
    ("Ines Duarte", "Her mother is in hospital. Bring soup, don't ask too many questions."),
    ("Theo Brandt", "Has a daughter, Lena, who plays football. Ask how the season is going."),
];

/// A fictional entry: days ago, title, tags, people, body.
pub type DemoEntry = (
    u32,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

/// Fictional entries.
pub const DEMO_ENTRIES: &[DemoEntry] = &[
    (
        0,
        "A long walk with Sam",
        &["family", "walks"],
        &["Sam Okafor"],
        "Walked the river path with @Sam Okafor until the light went. He talked about the race, \
         and then, for the first time in months, about Dad.\n\nI mostly listened. I think that was right.",
    ),
    (
        2,
        "Soup for Ines",
        &["neighbours"],
        &["Ines Duarte"],
        "Took soup over to @Ines Duarte. We sat on the step for twenty minutes and didn't say much. \
         She said *thank you for not asking*.",
    ),
    (
        5,
        "Call with Maya",
        &["friends"],
        &["Maya Lin"],
        "Two hours on the phone with @Maya Lin. Three countries between us and it still felt like \
         the old desk.\n\n- she is scared of the new job\n- I am scared of staying put\n\nFar away, but close.",
    ),
    (
        9,
        "Quiet Sunday",
        &["home"],
        &[],
        "Nobody to see, nothing to do. Baked bread, read on the sofa, went for a walk at dusk. \
         Being alone felt restful rather than lonely, which is new.",
    ),
    (
        14,
        "Release day",
        &["work"],
        &["Theo Brandt"],
        "Shipped the spring release with @Theo Brandt. We sit next to each other every day and I \
         realised I know almost nothing about his life. Ask him something real next week.",
    ),
];
