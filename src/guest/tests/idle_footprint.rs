use super::{record, with};
use crate::guest::{Evidence, judge};

fn footprint(readings: &[(usize, usize)]) -> Vec<crate::pages::guest_watch::Footprint> {
    readings
        .iter()
        .map(
            |&(storage_bytes, elements)| crate::pages::guest_watch::Footprint {
                storage_bytes,
                elements,
            },
        )
        .collect()
}

#[test]
fn storage_that_grows_while_nothing_happens_is_an_i8_breach() {
    let grows = Evidence {
        idle_footprint: footprint(&[(120, 40), (500, 40), (980, 40)]),
        ..with(vec![record(&[], &[])])
    };
    let breaches = judge(&grows);
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I8");
    assert!(
        breaches[0].words.contains("(120 bytes, then 980 bytes"),
        "{}",
        breaches[0].words
    );
    let steady = Evidence {
        idle_footprint: footprint(&[(120, 40), (120, 40), (120, 40)]),
        ..with(vec![record(&[], &[])])
    };
    assert!(judge(&steady).is_empty());
}

#[test]
fn elements_added_in_each_half_of_an_idle_wait_are_an_i8_breach_and_a_late_panel_is_not() {
    let grows = Evidence {
        idle_footprint: footprint(&[(0, 40), (0, 45), (0, 50)]),
        ..with(vec![record(&[], &[])])
    };
    let breaches = judge(&grows);
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I8");
    assert!(
        breaches[0].words.contains("(40, then 45, then 50 elements"),
        "{}",
        breaches[0].words
    );
    let built_once = Evidence {
        idle_footprint: footprint(&[(0, 40), (0, 60), (0, 60)]),
        ..with(vec![record(&[], &[])])
    };
    assert!(judge(&built_once).is_empty());
}
