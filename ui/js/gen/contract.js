// Hand-written draft of the contract, until the generator (next commit)
// writes this file from the Rust types.

/** @typedef {"WrongPassphrase" | "WrongRecoveryCode" | "VaultMissing" | "VaultExists" | "VaultLocked" | "VaultBusy" | "KeychainUnavailable" | "KeychainLocked" | "KeychainEntryMissing" | "KeychainEntryStale" | "CorruptFile" | "UnsupportedVersion" | "ExcessiveWork" | "DiskFull" | "NotFound" | "Ambiguous" | "InvalidInput" | "WeakPassphrase" | "NotEncrypted" | "PassphraseRequired" | "Io" | "Internal"} ErrorCode */
/** @typedef {{ code: ErrorCode, message: string }} IpcError */
/** @typedef {{ state: string, remembered: boolean }} Status */
/** @typedef {{ recovery_code: string, remember_error: IpcError | null }} Created */
/** @typedef {{ score: number, warning: string | null, suggestions: Array<string>, crack_time: string }} Strength */
/** @typedef {{ id: number, name: string }} PersonRef */
/** @typedef {{ id: number, date: string, title: string, excerpt: string, tags: Array<string>, people: Array<PersonRef>, updated_at: string }} EntrySummary */
/** @typedef {{ id: number, date: string, title: string, body: string, tags: Array<string>, people: Array<PersonRef>, created_at: string, updated_at: string, deleted_at: string | null, prompt_id: string | null }} Entry */
/** @typedef {{ date: string | null, title: string, body: string, tags: Array<string>, people: Array<number> }} EntryInput */
/** @typedef {"entry" | "note" | "person" | "moment" | "checkin"} Kind */
/** @typedef {{ kind: Kind, id: number, label: string, deleted_at: string }} TrashItem */
/** @typedef {"far-away" | "few-times-a-year" | "monthly" | "weekly" | "most-days" | "lives-with-me"} Proximity */
/** @typedef {{ id: number, name: string, relationship: string, proximity: Proximity | null, how_we_met: string, cadence_days: number | null, archived: boolean, created_at: string, updated_at: string, last_contact: string | null }} Person */
/** @typedef {{ name: string, relationship: string, proximity: string | null, how_we_met: string, cadence_days: number | null }} PersonInput */
/** @typedef {{ id: number, person_id: number, body: string, created_at: string, updated_at: string }} Note */
/** @typedef {{ text: string, match: boolean }} SnippetPart */
/** @typedef {{ kind: Kind, id: number, title: string, date: string | null, person_id: number | null, snippet: Array<SnippetPart> }} SearchHit */
/** @template T @typedef {{ value: T, label: string }} Word */
/** @typedef {"near-and-close" | "far-but-close" | "near-but-distant" | "far-and-distant"} Quadrant */
/** @typedef {{ value: Quadrant, name: string, meaning: string }} QuadrantWords */
/** @typedef {"seen" | "heard" | "understood" | "vulnerability" | "listening" | "empathy" | "trust" | "showing-up" | "repair" | "gratitude"} Theme */
/** @typedef {"carrying" | "hoping" | "worried" | "enjoying" | "matters"} Topic */
/** @typedef {"i-showed-up" | "they-showed-up" | "shared-vulnerable" | "really-listened" | "felt-judged" | "rupture" | "repair"} MomentKind */
/** @typedef {{ moment_kinds: Array<Word<string>>, topics: Array<Word<Topic>>, themes: Array<Word<Theme>>, quadrants: Array<QuadrantWords>, close_at: number, near_from: Proximity, stale_after_days: number }} Vocabulary */
/** @typedef {{ id: string, theme: Theme, text: string, person: PersonRef | null }} DailyPrompt */
/** @typedef {{ id: number, person_id: number, date: string, kind: MomentKind, note: string, created_at: string }} Moment */
/** @typedef {{ label: string, date: string, in_days: number }} UpcomingDate */
/** @typedef {{ person: PersonRef, cadence_days: number, days_since: number, last_moment: Moment | null, last_note: string | null, stale_love_map: Array<Topic>, next_date: UpcomingDate | null }} ReachOut */
/** @typedef {{ person: PersonRef, then: number | null, now: number | null }} DepthSince */
/** @typedef {{ kind: Kind, id: number, date: string, years_ago: number, summary: string, people: Array<DepthSince> }} OnThisDay */
/** @typedef {{ date: string, prompt: DailyPrompt, reach_out: Array<ReachOut>, on_this_day: Array<OnThisDay>, recent_entries: Array<EntrySummary> }} Today */
/** @typedef {{ seen: number | null, heard: number | null, understood: number | null, safe: number | null, trust: number | null, they_showed_up: number | null, i_showed_up: number | null, ios: number | null, note: string }} CheckinInput */
/** @typedef {{ seen: number | null, heard: number | null, understood: number | null, safe: number | null, trust: number | null, they_showed_up: number | null, i_showed_up: number | null }} Dimensions */
/** @typedef {{ id: number, person_id: number, at: string, ios: number | null, note: string, score: number | null } & Dimensions} Checkin */
/** @typedef {{ at: string, score: number, depth: number }} TrendPoint */
/** @typedef {{ depth: number | null, checkins: number, last_checkin: string | null, ios: number | null, trend: Array<TrendPoint>, change_90_days: number | null }} DepthSummary */
/** @typedef {{ id: number, name: string, proximity: Proximity | null, depth: number | null, ios: number | null, quadrant: Quadrant | null }} MapPoint */
/** @typedef {{ proximity: Proximity | null, changed_at: string }} ProximityChange */
/** @typedef {{ topic: Topic, text: string, updated_at: string, stale: boolean }} LoveMapItem */
/** @typedef {{ id: number, person_id: number, label: string, month: number, day: number, year: number | null }} ImportantDate */
/** @typedef {{ "type": "note", id: number, at: string, body: string } | ({ "type": "moment" } & Moment) | ({ "type": "checkin" } & Checkin) | ({ "type": "entry" } & EntrySummary)} TimelineItem */
/** @typedef {{ last: number, daily: number, weekly: number, monthly: number }} Retention */
/** @typedef {{ primary: string, secondary: string | null, retention: Retention }} BackupSettings */
/** @typedef {{ path: string, created_at: string, size: number, vault_id: string, app_version: string }} BackupInfo */
/** @typedef {{ path: string, info: BackupInfo | null, verified_at: string | null, problem: string | null }} ListedBackup */
/** @typedef {{ settings: BackupSettings, last_backup_at: string | null, backups: Array<ListedBackup> }} Overview */
/** @typedef {{ primary: string, secondary: string | null, retention: Retention }} SettingsInput */
/** @typedef {{ written: Array<string>, skipped: Array<[string, string]>, rotated: Array<string> }} BackupReport */
/** @typedef {"passphrase" | "recovery-code"} SecretKind */
/** @typedef {{ kept: { kind: "safety-backup" | "set-aside", path: string }, secrets: "current" | "backups", unlocked: boolean }} Replaced */
/** @typedef {"json" | "markdown"} Format */
/** @typedef {{ entries: number, people: number, notes: number, files: number }} ExportSummary */
/** @typedef {{ path: string, summary: ExportSummary }} Exported */
/** @typedef {{ entries: number, people: number, notes: number, duplicates: number, media_skipped: number }} ImportReport */
/** @typedef {{ auto_lock_seconds: number, auto_lock_bounds: [number, number], remembered: boolean, vault_dir: string, version: string }} Settings */

/**
 * @typedef {{
 *   status: { args: Record<string, never>, result: Status },
 *   create_vault: { args: { passphrase: string, remember: boolean }, result: Created },
 *   unlock: { args: { passphrase: string }, result: null },
 *   unlock_with_keychain: { args: Record<string, never>, result: null },
 *   recover: { args: { recoveryCode: string, newPassphrase: string }, result: Created },
 *   lock: { args: Record<string, never>, result: null },
 *   touch: { args: Record<string, never>, result: null },
 *   passphrase_strength: { args: { passphrase: string }, result: Strength },
 *   list_entries: { args: { personId?: number | null, tag?: string | null }, result: Array<EntrySummary> },
 *   get_entry: { args: { id: number }, result: Entry },
 *   write_entry: { args: { entry: EntryInput }, result: number },
 *   write_answer: { args: { entry: EntryInput, promptId: string }, result: number },
 *   edit_entry: { args: { id: number, entry: EntryInput }, result: null },
 *   trash_entry: { args: { id: number }, result: null },
 *   restore_entry: { args: { id: number }, result: null },
 *   list_tags: { args: Record<string, never>, result: Array<[string, number]> },
 *   render_markdown: { args: { text: string }, result: string },
 *   list_people: { args: Record<string, never>, result: Array<Person> },
 *   get_person: { args: { id: number }, result: Person },
 *   add_person: { args: { person: PersonInput }, result: number },
 *   edit_person: { args: { id: number, person: PersonInput }, result: null },
 *   trash_person: { args: { id: number }, result: null },
 *   restore_person: { args: { id: number }, result: null },
 *   list_notes: { args: { personId: number }, result: Array<Note> },
 *   add_note: { args: { personId: number, body: string }, result: number },
 *   trash_note: { args: { id: number }, result: null },
 *   restore_note: { args: { id: number }, result: null },
 *   search: { args: { query: string }, result: Array<SearchHit> },
 *   list_trash: { args: Record<string, never>, result: Array<TrashItem> },
 *   vocabulary: { args: Record<string, never>, result: Vocabulary },
 *   today: { args: Record<string, never>, result: Today },
 *   prompt_for: { args: { personId: number }, result: DailyPrompt },
 *   check_in: { args: { personId: number, checkin: CheckinInput }, result: number },
 *   depth: { args: { personId: number }, result: DepthSummary },
 *   map: { args: Record<string, never>, result: Array<MapPoint> },
 *   proximity_history: { args: { personId: number }, result: Array<ProximityChange> },
 *   add_moment: { args: { personId: number, kind: string, date?: string | null, note: string }, result: number },
 *   trash_moment: { args: { id: number }, result: null },
 *   restore_moment: { args: { id: number }, result: null },
 *   trash_checkin: { args: { id: number }, result: null },
 *   restore_checkin: { args: { id: number }, result: null },
 *   love_map: { args: { personId: number }, result: Array<LoveMapItem> },
 *   set_love_map: { args: { personId: number, topic: string, text: string }, result: null },
 *   important_dates: { args: { personId: number }, result: Array<ImportantDate> },
 *   add_important_date: { args: { personId: number, label: string, month: number, day: number, year?: number | null }, result: number },
 *   remove_important_date: { args: { id: number }, result: null },
 *   timeline: { args: { personId: number }, result: Array<TimelineItem> },
 *   backup_overview: { args: Record<string, never>, result: Overview },
 *   set_backup_settings: { args: { settings: SettingsInput }, result: null },
 *   backup_now: { args: Record<string, never>, result: BackupReport },
 *   auto_backup: { args: Record<string, never>, result: BackupReport | null },
 *   verify_backup: { args: { path: string }, result: null },
 *   restore_to_folder: { args: { path: string, folder: string, kind: SecretKind, secret: string }, result: string },
 *   restore_replacing: { args: { path: string, kind: SecretKind, secret: string }, result: Replaced },
 *   export_vault: { args: { format: Format, path: string, plaintextOk: boolean }, result: Exported },
 *   import_file: { args: { source: string, path: string }, result: ImportReport },
 *   get_settings: { args: Record<string, never>, result: Settings },
 *   set_auto_lock: { args: { seconds: number }, result: null },
 *   set_remember: { args: { on: boolean }, result: IpcError | null },
 *   change_passphrase: { args: { current: string, new: string }, result: null },
 * }} Commands
 */

/** @typedef {keyof Commands} CommandName */

/** @type {ReadonlyArray<ErrorCode>} */
const ERROR_CODES = Object.freeze(/** @type {const} */ (["WrongPassphrase", "WrongRecoveryCode", "VaultMissing", "VaultExists", "VaultLocked", "VaultBusy", "KeychainUnavailable", "KeychainLocked", "KeychainEntryMissing", "KeychainEntryStale", "CorruptFile", "UnsupportedVersion", "ExcessiveWork", "DiskFull", "NotFound", "Ambiguous", "InvalidInput", "WeakPassphrase", "NotEncrypted", "PassphraseRequired", "Io", "Internal"]));

/** @type {ReadonlyArray<CommandName>} */
const COMMANDS = Object.freeze(/** @type {const} */ (["status", "create_vault", "unlock", "unlock_with_keychain", "recover", "lock", "touch", "passphrase_strength", "list_entries", "get_entry", "write_entry", "write_answer", "edit_entry", "trash_entry", "restore_entry", "list_tags", "render_markdown", "list_people", "get_person", "add_person", "edit_person", "trash_person", "restore_person", "list_notes", "add_note", "trash_note", "restore_note", "search", "list_trash", "vocabulary", "today", "prompt_for", "check_in", "depth", "map", "proximity_history", "add_moment", "trash_moment", "restore_moment", "trash_checkin", "restore_checkin", "love_map", "set_love_map", "important_dates", "add_important_date", "remove_important_date", "timeline", "backup_overview", "set_backup_settings", "backup_now", "auto_backup", "verify_backup", "restore_to_folder", "restore_replacing", "export_vault", "import_file", "get_settings", "set_auto_lock", "set_remember", "change_passphrase"]));

/** @type {ReadonlyArray<Proximity>} */
const PROXIMITIES = Object.freeze(/** @type {const} */ (["far-away", "few-times-a-year", "monthly", "weekly", "most-days", "lives-with-me"]));

export { ERROR_CODES, COMMANDS, PROXIMITIES };
/** @typedef {{ task: string, stage: string, done: number, total: number }} ProgressEvent */
/** @typedef {{ "vault-locked": string, "work-progress": ProgressEvent }} Events */
