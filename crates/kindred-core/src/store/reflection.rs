//! Tables for reflection on closeness (schema v4): `checkins`, `moments`,
//! `love_map`, `proximity_history`, `important_dates`, `prompt_log`, and the
//! prompt an entry answers. Kept in one file because they arrived together
//! and each is small; the queries live in `crate::reflection`.

/// Schema v4.
pub const V4: &str = "
CREATE TABLE checkins (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    at              TEXT NOT NULL,                  -- RFC 3339, UTC
    seen            INTEGER CHECK (seen BETWEEN 1 AND 5),
    heard           INTEGER CHECK (heard BETWEEN 1 AND 5),
    understood      INTEGER CHECK (understood BETWEEN 1 AND 5),
    safe            INTEGER CHECK (safe BETWEEN 1 AND 5),
    trust           INTEGER CHECK (trust BETWEEN 1 AND 5),
    they_showed_up  INTEGER CHECK (they_showed_up BETWEEN 1 AND 5),
    i_showed_up     INTEGER CHECK (i_showed_up BETWEEN 1 AND 5),
    ios             INTEGER CHECK (ios BETWEEN 1 AND 7),   -- Inclusion of Other in Self
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX checkins_by_person ON checkins (person_id, at DESC);

CREATE TABLE moments (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    on_date     TEXT NOT NULL,                      -- local calendar date
    kind        TEXT NOT NULL CHECK (kind IN ('i-showed-up', 'they-showed-up',
                    'shared-vulnerable', 'really-listened', 'felt-judged', 'rupture', 'repair')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX moments_by_person ON moments (person_id, on_date DESC);
CREATE INDEX moments_by_date ON moments (on_date);

CREATE TABLE love_map (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    topic       TEXT NOT NULL CHECK (topic IN ('carrying', 'hoping', 'worried', 'enjoying', 'matters')),
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (person_id, topic)
);

CREATE TABLE proximity_history (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    proximity   INTEGER CHECK (proximity BETWEEN 0 AND 5),
    changed_at  TEXT NOT NULL
);
CREATE INDEX proximity_history_by_person ON proximity_history (person_id, changed_at);
INSERT INTO proximity_history (person_id, proximity, changed_at)
    SELECT id, proximity, created_at FROM people WHERE proximity IS NOT NULL;

CREATE TABLE important_dates (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    day         INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
    year        INTEGER                              -- when known (a birth year)
);
CREATE INDEX important_dates_by_person ON important_dates (person_id);

CREATE TABLE prompt_log (
    day         TEXT PRIMARY KEY,                   -- local date the prompt was the prompt of the day
    prompt_id   TEXT NOT NULL,
    person_id   INTEGER REFERENCES people (id) ON DELETE SET NULL,
    cycle       INTEGER NOT NULL
) WITHOUT ROWID;

ALTER TABLE entries ADD COLUMN prompt_id TEXT;
";
