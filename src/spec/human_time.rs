//! Times on pages for people (`spec.html`'s "finished …"): to the second, in UTC, with the
//! zone as people write it (`2026-12-04 14:15:18 UTC`), not `time`'s Display
//! (`2026-12-04 14:15:18.031682258 +00:00:00`).

use time::{OffsetDateTime, UtcOffset};

/// `t` in UTC, to the second: `2026-12-04 14:15:18 UTC`.
pub fn human(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Now, for people: [`human`] of the current time.
pub fn now() -> String {
    human(OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_the_second_in_utc_as_people_write_it() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_796_393_718_031_682_258).unwrap();
        assert_eq!(t.to_string(), "2026-12-04 14:15:18.031682258 +00:00:00");
        assert_eq!(human(t), "2026-12-04 14:15:18 UTC");
        let paris = t.to_offset(UtcOffset::from_hms(1, 0, 0).unwrap());
        assert_eq!(human(paris), "2026-12-04 14:15:18 UTC");
        let early = OffsetDateTime::from_unix_timestamp(1_704_070_805).unwrap();
        assert_eq!(human(early), "2024-01-01 01:00:05 UTC");
    }

    #[test]
    fn now_is_to_the_second_with_its_zone() {
        let now = now();
        assert_eq!(now.len(), "2026-12-04 14:15:18 UTC".len(), "{now}");
        assert!(
            now.ends_with(" UTC") && !now.contains('.') && !now.contains('+'),
            "{now}"
        );
    }
}
