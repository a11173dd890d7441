//! Reflection prompts, written for Kindred, and the prompt of the day.
//!
//! Each prompt has a stable id, a theme, and a text; `{name}` marks prompts
//! about one person. Names are inserted inside Unicode isolates (FSI…PDI) so
//! a right-to-left or mixed-script name never reorders the sentence around
//! it. The prompt of the day rotates through the whole library without
//! repeating, then starts a new cycle (see `crate::reflection`).

use serde::Serialize;

/// What a prompt helps the user look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "contract", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// Being seen.
    Seen,
    /// Being heard.
    Heard,
    /// Being understood.
    Understood,
    /// Safety to be vulnerable.
    Vulnerability,
    /// Listening well.
    Listening,
    /// Empathy.
    Empathy,
    /// Trust.
    Trust,
    /// Showing up, consistently.
    ShowingUp,
    /// Repair after a rupture.
    Repair,
    /// Gratitude.
    Gratitude,
}

impl Theme {
    /// Every theme.
    pub const ALL: [Self; 10] = [
        Self::Seen,
        Self::Heard,
        Self::Understood,
        Self::Vulnerability,
        Self::Listening,
        Self::Empathy,
        Self::Trust,
        Self::ShowingUp,
        Self::Repair,
        Self::Gratitude,
    ];

    /// The theme in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Seen => "being seen",
            Self::Heard => "being heard",
            Self::Understood => "being understood",
            Self::Vulnerability => "vulnerability",
            Self::Listening => "listening",
            Self::Empathy => "empathy",
            Self::Trust => "trust",
            Self::ShowingUp => "showing up",
            Self::Repair => "repair",
            Self::Gratitude => "gratitude",
        }
    }
}

/// One prompt of the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Prompt {
    /// Stable id (stored with answers and in the rotation log).
    pub id: &'static str,
    /// Its theme.
    pub theme: Theme,
    /// The text; `{name}` where a person's name goes.
    pub text: &'static str,
}

impl Prompt {
    /// Whether the prompt is about one person.
    pub fn needs_person(&self) -> bool {
        self.text.contains("{name}")
    }

    /// The text with `name` inserted (isolated for bidirectional text).
    pub fn render(&self, name: Option<&str>) -> String {
        match name {
            Some(n) => self.text.replace("{name}", &format!("\u{2068}{n}\u{2069}")),
            None => self.text.replace("{name}", "someone close to you"),
        }
    }
}

macro_rules! prompts {
    ($($id:literal, $theme:ident, $text:literal;)*) => {
        /// The library.
        pub const LIBRARY: &[Prompt] = &[$(Prompt { id: $id, theme: Theme::$theme, text: $text }),*];
    };
}

prompts! {
    "seen-1", Seen, "When did you last feel truly noticed by someone — not for what you did, but for who you are?";
    "seen-2", Seen, "What is something about you that the people closest to you still haven't quite seen?";
    "seen-3", Seen, "What might {name} see in you that you find hard to see in yourself?";
    "seen-4", Seen, "Think of a small detail {name} remembered about you. What did it tell you?";
    "seen-5", Seen, "Who would notice first if you were quietly struggling? What makes them notice?";
    "seen-6", Seen, "What part of {name}'s life do you think goes unnoticed by most people?";
    "seen-7", Seen, "Where in your life do you feel most like yourself, and who is there with you?";
    "heard-1", Heard, "When did you last say something that mattered and feel it land?";
    "heard-2", Heard, "Is there something you've tried to tell {name} that hasn't been heard yet? How else could you say it?";
    "heard-3", Heard, "What do you wish someone would ask you about right now?";
    "heard-4", Heard, "Who makes it easy for you to think out loud? What do they do that helps?";
    "heard-5", Heard, "What did {name} say recently that you would like to go back to and hear properly?";
    "heard-6", Heard, "When you feel unheard, what do you do next: go quiet, repeat yourself, or leave? What would you rather do?";
    "understood-1", Understood, "What is one thing about how you see the world that you wish were easier to explain?";
    "understood-2", Understood, "When did someone understand you without you having to explain yourself?";
    "understood-3", Understood, "What would you want {name} to understand about this season of your life?";
    "understood-4", Understood, "What might {name} need from you that they have not asked for?";
    "understood-5", Understood, "Which of your reactions are most often misread? What is usually underneath them?";
    "understood-6", Understood, "What do you understand about {name} now that you didn't a year ago?";
    "vulnerability-1", Vulnerability, "What is something true about you that you rarely say out loud?";
    "vulnerability-2", Vulnerability, "With whom do you feel safe enough to be unfinished, unsure or sad?";
    "vulnerability-3", Vulnerability, "What would you share with {name} if you knew it would be received gently?";
    "vulnerability-4", Vulnerability, "When did someone trust you with something tender? How did you hold it?";
    "vulnerability-5", Vulnerability, "What makes a conversation feel safe to you? Which of those things can you offer others?";
    "vulnerability-6", Vulnerability, "What are you protecting when you keep things light?";
    "vulnerability-7", Vulnerability, "What is {name} carrying right now that they might not mention unless asked?";
    "listening-1", Listening, "In your last real conversation, how much of it did you spend listening, and how much waiting to speak?";
    "listening-2", Listening, "What question could you ask {name} that you have never asked before?";
    "listening-3", Listening, "Who in your life is a wonderful listener? What exactly do they do?";
    "listening-4", Listening, "When someone shares a worry, do you tend to fix, reassure, or stay with it? What might they need instead?";
    "listening-5", Listening, "What did {name} sound like last time you spoke — their words, and the feeling under them?";
    "listening-6", Listening, "What would change if you listened to understand rather than to reply, just for one day?";
    "empathy-1", Empathy, "What might a hard day look like from {name}'s side?";
    "empathy-2", Empathy, "Think of someone who frustrated you recently. What might they have been afraid of?";
    "empathy-3", Empathy, "When were you judged for something that others didn't know the whole story of?";
    "empathy-4", Empathy, "What does {name} need to hear more often than they do?";
    "empathy-5", Empathy, "What is a feeling you find hard to sit with in others? Where do you meet it in yourself?";
    "empathy-6", Empathy, "Who has shown you kindness you didn't feel you had earned? What did it give you?";
    "trust-1", Trust, "What has {name} done that made you trust them more?";
    "trust-2", Trust, "Where does your trust come from: words, actions, or time? Which one do you give others?";
    "trust-3", Trust, "Is there someone you'd like to trust more? What small step would show you whether you can?";
    "trust-4", Trust, "What promise, large or small, have you kept lately, and who noticed?";
    "trust-5", Trust, "What would it take for {name} to feel completely safe relying on you?";
    "trust-6", Trust, "When trust was broken in your life, what helped it grow back, if it did?";
    "showing-up-1", ShowingUp, "Who showed up for you when it was inconvenient? Have you told them what it meant?";
    "showing-up-2", ShowingUp, "What would showing up for {name} look like this week, in one small, concrete act?";
    "showing-up-3", ShowingUp, "Which relationship do you tend only when things are easy? What would steady look like?";
    "showing-up-4", ShowingUp, "When did you last show up for someone without being asked? What moved you to?";
    "showing-up-5", ShowingUp, "What is one thing you could do regularly for {name}, so they can count on it?";
    "showing-up-6", ShowingUp, "Who is always there in the background of your life? How could you let them know you see it?";
    "showing-up-7", ShowingUp, "What gets in the way of you showing up the way you'd like to?";
    "repair-1", Repair, "Is there a conversation with {name} that ended badly and was never picked up again?";
    "repair-2", Repair, "What does a good apology sound like to you? When did you last receive one?";
    "repair-3", Repair, "What would you want to say to {name} if you knew the repair would be welcome?";
    "repair-4", Repair, "After a rupture, do you tend to reach out first or wait? What does that protect?";
    "repair-5", Repair, "Think of a relationship that survived a hard moment. What made the way back possible?";
    "repair-6", Repair, "What do you still carry from an old hurt, and who else knows about it?";
    "gratitude-1", Gratitude, "What is one ordinary thing {name} does that makes your life better?";
    "gratitude-2", Gratitude, "Who shaped who you are today, and have they ever heard it from you?";
    "gratitude-3", Gratitude, "What moment from this week would you like to remember a year from now?";
    "gratitude-4", Gratitude, "What have you learned from {name} without them setting out to teach you?";
    "gratitude-5", Gratitude, "Who made today a little easier? What did they do?";
    "gratitude-6", Gratitude, "If you wrote {name} a thank-you note with no occasion, what would it say?";
    "gratitude-7", Gratitude, "Which friendship are you most grateful still exists? What has kept it alive?";
}

/// The prompt with `id`.
pub fn by_id(id: &str) -> Option<&'static Prompt> {
    LIBRARY.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_is_big_enough_and_covers_every_theme() {
        assert!(LIBRARY.len() >= 60, "{}", LIBRARY.len());
        for t in Theme::ALL {
            assert!(
                LIBRARY.iter().filter(|p| p.theme == t).count() >= 5,
                "{t:?}"
            );
        }
        assert!(LIBRARY.iter().filter(|p| p.needs_person()).count() >= 15);
        let mut ids: Vec<&str> = LIBRARY.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), LIBRARY.len(), "ids are unique");
        for p in LIBRARY {
            assert!(p.text.ends_with('?'), "{}", p.id);
            assert_eq!(
                p.text.matches('{').count(),
                p.text.matches("{name}").count(),
                "{}",
                p.id
            );
        }
    }

    #[test]
    fn every_prompt_renders_with_any_name() {
        let names = [
            "Sam",
            "Maria-José de la Cruz Fernández y Montenegro, the one from the choir, not the other one",
            "נועה",
            "سارة",
            "أحمد (Ahmed) Karimi",
            "🌻 Sunny 🌻",
            "👩‍👩‍👧 the family",
            "Zoë {name} O'Brien",
            "",
        ];
        for p in LIBRARY {
            for n in names {
                let text = p.render(Some(n));
                if p.needs_person() {
                    assert!(
                        text.contains(&format!("\u{2068}{n}\u{2069}")),
                        "{} with {n:?}",
                        p.id
                    );
                    let without = text.replace(&format!("\u{2068}{n}\u{2069}"), "");
                    assert!(!without.contains("{name}"), "{}: {text}", p.id);
                } else {
                    assert_eq!(text, p.text);
                }
                assert!(text.ends_with('?'));
            }
            assert!(!p.render(None).contains("{name}"));
        }
    }
}
