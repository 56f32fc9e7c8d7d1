use std::collections::HashSet;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;

const SAMPLES: u64 = 200;

fn at(ms: i64) -> SystemTime {
    if ms >= 0 {
        UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
    }
}

/// 2024-06-15T12:00:00Z: a fixed "now" so date generators can be checked against it.
const NOW_MS: i64 = 1_718_452_800_000;

fn gen_at(name: &str, seed: u64, now_ms: i64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    generate(name, &mut rng, at(now_ms)).unwrap_or_else(|| panic!("{name} is not generated"))
}

/// Values of `name` over many seeds.
fn samples(name: &str) -> Vec<String> {
    (0..SAMPLES)
        .map(|seed| gen_at(name, seed, NOW_MS))
        .collect()
}

fn all_chars(s: &str, ok: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(ok)
}

fn is_lower_hex(s: &str) -> bool {
    all_chars(s, |c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

fn is_digits(s: &str) -> bool {
    all_chars(s, |c| c.is_ascii_digit())
}

fn assert_uuid_v4(v: &str) {
    let parts: Vec<&str> = v.split('-').collect();
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    assert_eq!(lens, [8, 4, 4, 4, 12], "{v}");
    assert!(parts.iter().all(|p| is_lower_hex(p)), "{v}");
    assert!(parts[2].starts_with('4'), "version nibble in {v}");
    assert!(
        parts[3].starts_with(['8', '9', 'a', 'b']),
        "variant nibble in {v}"
    );
}

/// Reads back `Www Mmm DD YYYY HH:MM:SS GMT+0000 (...)` into epoch milliseconds (seconds
/// precision), independently of the generator's own calendar code.
fn parse_js_date(s: &str) -> i64 {
    let f: Vec<&str> = s.split(' ').collect();
    assert_eq!(f.len(), 9, "{s}");
    assert_eq!(
        &f[5..],
        ["GMT+0000", "(Coordinated", "Universal", "Time)"],
        "{s}"
    );
    let month = MONTHS.iter().position(|m| m[..3] == *f[1]).expect("month") as i64 + 1;
    let day: i64 = f[2].parse().expect("day");
    let year: i64 = f[3].parse().expect("year");
    let hms: Vec<i64> = f[4].split(':').map(|x| x.parse().expect("time")).collect();
    // Count days by walking years and months: slow but obviously right for test ranges.
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_len = |y: i64, m: i64| match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let mut days = 0;
    for y in 1970..year {
        days += if leap(y) { 366 } else { 365 };
    }
    for m in 1..month {
        days += month_len(year, m);
    }
    days += day - 1;
    let weekday = WEEKDAYS[((days + 4) % 7) as usize];
    assert_eq!(&weekday[..3], f[0], "weekday of {s}");
    ((days * 24 + hms[0]) * 60 + hms[1]) * 60_000 + hms[2] * 1000
}

#[test]
fn every_name_generates_a_non_empty_value() {
    for name in NAMES {
        for seed in 0..20 {
            let v = gen_at(name, seed, NOW_MS);
            assert!(!v.trim().is_empty(), "{name} gave an empty value");
        }
    }
}

#[test]
fn names_are_unique_dollar_prefixed_and_cover_the_common_ones() {
    let set: HashSet<&str> = NAMES.iter().copied().collect();
    assert_eq!(set.len(), NAMES.len(), "duplicate names");
    assert!(NAMES.iter().all(|n| n.starts_with('$') && n.len() > 1));
    let common = [
        "$guid",
        "$timestamp",
        "$isoTimestamp",
        "$randomInt",
        "$randomUUID",
        "$randomAlphaNumeric",
        "$randomBoolean",
        "$randomColor",
        "$randomHexColor",
        "$randomAbbreviation",
        "$randomIP",
        "$randomIPV6",
        "$randomMACAddress",
        "$randomPassword",
        "$randomLocale",
        "$randomUserAgent",
        "$randomProtocol",
        "$randomSemver",
        "$randomFirstName",
        "$randomLastName",
        "$randomFullName",
        "$randomNamePrefix",
        "$randomNameSuffix",
        "$randomJobTitle",
        "$randomPhoneNumber",
        "$randomPhoneNumberExt",
        "$randomCity",
        "$randomStreetName",
        "$randomStreetAddress",
        "$randomCountry",
        "$randomCountryCode",
        "$randomLatitude",
        "$randomLongitude",
        "$randomEmail",
        "$randomExampleEmail",
        "$randomUserName",
        "$randomUrl",
        "$randomDomainName",
        "$randomDomainSuffix",
        "$randomDomainWord",
        "$randomWord",
        "$randomWords",
        "$randomLoremWord",
        "$randomLoremSentence",
        "$randomPrice",
        "$randomBankAccount",
        "$randomCurrencyCode",
        "$randomDatePast",
        "$randomDateFuture",
        "$randomDateRecent",
        "$randomMonth",
        "$randomWeekday",
        "$randomCompanyName",
        "$randomFileName",
        "$randomFileExt",
        "$randomMimeType",
    ];
    for name in common {
        assert!(set.contains(name), "{name} missing");
    }
}

#[test]
fn unknown_names_are_none() {
    let mut rng = StdRng::seed_from_u64(1);
    // Postman matches exactly: no braces, `$` required, case-sensitive; and
    // `$randomFileExtension` is not one of its names (it has `$randomFileExt`).
    for name in [
        "",
        "$",
        "guid",
        "$GUID",
        "{{$guid}}",
        " $guid",
        "$randomFileExtension",
        "$nope",
        "$randomint",
    ] {
        assert_eq!(
            generate(name, &mut rng, SystemTime::now()),
            None,
            "{name:?}"
        );
    }
}

#[test]
fn same_seed_same_value_and_seeds_differ() {
    for name in NAMES {
        assert_eq!(gen_at(name, 7, NOW_MS), gen_at(name, 7, NOW_MS), "{name}");
    }
    let guids: HashSet<String> = samples("$guid").into_iter().collect();
    assert_eq!(guids.len() as u64, SAMPLES);
}

#[test]
fn guid_and_uuid_are_lowercase_v4() {
    for v in samples("$guid").iter().chain(&samples("$randomUUID")) {
        assert_uuid_v4(v);
    }
}

#[test]
fn timestamp_is_close_to_now() {
    let mut rng = StdRng::seed_from_u64(0);
    let before = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let v = generate("$timestamp", &mut rng, SystemTime::now()).expect("timestamp");
    let after = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let secs: u64 = v.parse().expect("integer seconds");
    assert!(before <= secs && secs <= after + 1, "{v} not near {before}");
}

#[test]
fn timestamp_rounds_milliseconds_like_postman() {
    assert_eq!(gen_at("$timestamp", 0, 1_562_757_107_499), "1562757107");
    assert_eq!(gen_at("$timestamp", 0, 1_562_757_107_500), "1562757108");
    assert_eq!(gen_at("$timestamp", 0, 0), "0");
}

#[test]
fn iso_timestamp_known_vectors() {
    let cases = [
        (0, "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (1_591_737_036_177, "2020-06-09T21:10:36.177Z"),
        (951_868_799_999, "2000-02-29T23:59:59.999Z"),
        (1_735_603_200_000, "2024-12-31T00:00:00.000Z"),
        (253_402_300_800_000, "+010000-01-01T00:00:00.000Z"),
    ];
    for (ms, want) in cases {
        assert_eq!(gen_at("$isoTimestamp", 0, ms), want);
    }
}

#[test]
fn js_date_string_known_vectors() {
    assert_eq!(
        js_date_string(0),
        "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"
    );
    assert_eq!(
        js_date_string(951_868_799_999),
        "Tue Feb 29 2000 23:59:59 GMT+0000 (Coordinated Universal Time)"
    );
}

#[test]
fn random_dates_fall_in_their_windows() {
    let now_s = NOW_MS / 1000;
    for seed in 0..SAMPLES {
        let past = parse_js_date(&gen_at("$randomDatePast", seed, NOW_MS)) / 1000;
        assert!(
            past < now_s && past >= now_s - YEAR_MS / 1000,
            "past {past}"
        );
        let future = parse_js_date(&gen_at("$randomDateFuture", seed, NOW_MS)) / 1000;
        assert!(
            future > now_s && future <= now_s + YEAR_MS / 1000,
            "future {future}"
        );
        let recent = parse_js_date(&gen_at("$randomDateRecent", seed, NOW_MS)) / 1000;
        assert!(
            recent < now_s && recent >= now_s - DAY_MS / 1000,
            "recent {recent}"
        );
    }
}

#[test]
fn random_int_spans_zero_to_one_thousand() {
    let mut rng = StdRng::seed_from_u64(3);
    let mut seen = HashSet::new();
    for _ in 0..30_000 {
        let v: u32 = generate("$randomInt", &mut rng, SystemTime::now())
            .expect("int")
            .parse()
            .expect("integer");
        assert!(v <= 1000);
        seen.insert(v);
    }
    assert!(seen.contains(&0) && seen.contains(&1000));
}

#[test]
fn single_value_formats() {
    for v in samples("$randomAlphaNumeric") {
        assert!(
            v.len() == 1 && all_chars(&v, |c| LOWER_ALNUM.contains(&(c as u8))),
            "{v}"
        );
    }
    let booleans: HashSet<String> = samples("$randomBoolean").into_iter().collect();
    assert_eq!(
        booleans,
        HashSet::from(["true".to_string(), "false".to_string()])
    );
    for v in samples("$randomHexColor") {
        let hex = v.strip_prefix('#').expect("leading #");
        assert!(hex.len() == 6 && is_lower_hex(hex), "{v}");
        for i in [0, 2, 4] {
            assert!(
                u8::from_str_radix(&hex[i..i + 2], 16).expect("hex") <= 0x80,
                "{v}"
            );
        }
    }
    for v in samples("$randomPassword") {
        assert!(v.len() == 15 && all_chars(&v, |c| c.is_ascii_alphanumeric() || c == '_'));
    }
    for v in samples("$randomSemver") {
        let parts: Vec<&str> = v.split('.').collect();
        assert!(
            parts.len() == 3 && parts.iter().all(|p| p.len() == 1 && is_digits(p)),
            "{v}"
        );
    }
    for v in samples("$randomProtocol") {
        assert!(v == "http" || v == "https", "{v}");
    }
    for v in samples("$randomLocale") {
        assert!((2..=3).contains(&v.len()) && all_chars(&v, |c| c.is_ascii_lowercase()));
    }
    for v in samples("$randomAbbreviation") {
        assert!(
            all_chars(&v, |c| c.is_ascii_uppercase() || c.is_ascii_digit()),
            "{v}"
        );
    }
}

#[test]
fn network_formats() {
    for v in samples("$randomIP") {
        assert!(v.parse::<Ipv4Addr>().is_ok(), "{v}");
    }
    for v in samples("$randomIPV6") {
        assert!(v.parse::<Ipv6Addr>().is_ok(), "{v}");
        assert!(v.split(':').all(|g| g.len() == 4 && is_lower_hex(g)), "{v}");
    }
    for v in samples("$randomMACAddress") {
        let parts: Vec<&str> = v.split(':').collect();
        assert!(parts.len() == 6 && parts.iter().all(|p| p.len() == 2 && is_lower_hex(p)));
    }
    for v in samples("$randomUserAgent") {
        assert!(v.starts_with("Mozilla/5.0 ("), "{v}");
    }
    for v in samples("$randomUrl") {
        let host = v
            .strip_prefix("https://")
            .or_else(|| v.strip_prefix("http://"));
        let host = host.unwrap_or_else(|| panic!("scheme in {v}"));
        assert_domain(host);
    }
    for v in samples("$randomDomainName") {
        assert_domain(&v);
    }
    for v in samples("$randomDomainWord") {
        assert!(all_chars(&v, |c| c.is_ascii_lowercase()), "{v}");
    }
    for v in samples("$randomDomainSuffix") {
        assert!(DOMAIN_SUFFIXES.contains(&v.as_str()), "{v}");
    }
}

fn assert_domain(host: &str) {
    let (word, suffix) = host
        .split_once('.')
        .unwrap_or_else(|| panic!("no dot in {host}"));
    assert!(all_chars(word, |c| c.is_ascii_lowercase()), "{host}");
    assert!(DOMAIN_SUFFIXES.contains(&suffix), "{host}");
}

#[test]
fn people_and_email_formats() {
    for v in samples("$randomEmail") {
        let (user, domain) = v.split_once('@').expect("@");
        assert!(FREE_EMAIL_DOMAINS.contains(&domain), "{v}");
        assert!(all_chars(user, |c| c.is_ascii_alphanumeric()
            || c == '.'
            || c == '_'));
    }
    for v in samples("$randomExampleEmail") {
        let (_, domain) = v.split_once('@').expect("@");
        assert!(EXAMPLE_EMAIL_DOMAINS.contains(&domain), "{v}");
    }
    for v in samples("$randomUserName") {
        assert!(!v.contains(' ') && v.chars().next().is_some_and(|c| c.is_ascii_uppercase()));
    }
    for v in samples("$randomFirstName") {
        assert!(FIRST_NAMES.contains(&v.as_str()));
    }
    for v in samples("$randomLastName") {
        assert!(LAST_NAMES.contains(&v.as_str()));
    }
    for v in samples("$randomFullName") {
        let parts: Vec<&str> = v.split(' ').collect();
        assert!((2..=3).contains(&parts.len()), "{v}");
        assert!(parts.iter().any(|p| FIRST_NAMES.contains(p)), "{v}");
        assert!(parts.iter().any(|p| LAST_NAMES.contains(p)), "{v}");
    }
    for v in samples("$randomNamePrefix") {
        assert!(NAME_PREFIXES.contains(&v.as_str()));
    }
    for v in samples("$randomNameSuffix") {
        assert!(NAME_SUFFIXES.contains(&v.as_str()));
    }
    for v in samples("$randomJobTitle") {
        let parts: Vec<&str> = v.split(' ').collect();
        assert_eq!(parts.len(), 3, "{v}");
        assert!(JOB_DESCRIPTORS.contains(&parts[0]) && JOB_TYPES.contains(&parts[2]));
    }
}

fn assert_phone(v: &str) {
    let parts: Vec<&str> = v.split('-').collect();
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    assert_eq!(lens, [3, 3, 4], "{v}");
    assert!(parts.iter().all(|p| is_digits(p)), "{v}");
    assert!(
        !parts[0].starts_with(['0', '1']) && !parts[1].starts_with(['0', '1']),
        "{v}"
    );
}

#[test]
fn phone_and_address_formats() {
    for v in samples("$randomPhoneNumber") {
        assert_phone(&v);
    }
    for v in samples("$randomPhoneNumberExt") {
        let (ext, phone) = v.split_once('-').expect("extension");
        let ext: u32 = ext.parse().expect("numeric extension");
        assert!((1..=99).contains(&ext), "{v}");
        assert_phone(phone);
    }
    for v in samples("$randomStreetAddress") {
        let (number, street) = v.split_once(' ').expect("number and street");
        assert!((3..=5).contains(&number.len()) && is_digits(number) && !number.starts_with('0'));
        assert!(STREET_SUFFIXES.iter().any(|s| street.ends_with(s)), "{v}");
    }
    for v in samples("$randomStreetName") {
        assert!(
            STREET_SUFFIXES
                .iter()
                .any(|s| v.ends_with(&format!(" {s}"))),
            "{v}"
        );
    }
    for v in samples("$randomCity") {
        assert!(
            v.chars().next().is_some_and(|c| c.is_ascii_uppercase()),
            "{v}"
        );
    }
    for v in samples("$randomCountryCode") {
        assert!(
            v.len() == 2 && all_chars(&v, |c| c.is_ascii_uppercase()),
            "{v}"
        );
    }
    for v in samples("$randomCountry") {
        assert!(COUNTRIES.iter().any(|(name, _)| *name == v), "{v}");
    }
    for (name, limit) in [("$randomLatitude", 90.0), ("$randomLongitude", 180.0)] {
        for v in samples(name) {
            let (_, decimals) = v.split_once('.').expect("decimal point");
            assert_eq!(decimals.len(), 4, "{v}");
            let x: f64 = v.parse().expect("number");
            assert!((-limit..=limit).contains(&x), "{v}");
        }
    }
}

#[test]
fn finance_formats() {
    for v in samples("$randomPrice") {
        let (_, cents) = v.split_once('.').expect("decimal point");
        assert_eq!(cents.len(), 2, "{v}");
        let x: f64 = v.parse().expect("number");
        assert!((100.0..=999.0).contains(&x), "{v}");
    }
    for v in samples("$randomBankAccount") {
        assert!(v.len() == 8 && is_digits(&v), "{v}");
    }
    for v in samples("$randomCreditCardMask") {
        assert!(v.len() == 4 && is_digits(&v), "{v}");
    }
    for v in samples("$randomCurrencyCode") {
        assert!(
            v.len() == 3 && all_chars(&v, |c| c.is_ascii_uppercase()),
            "{v}"
        );
    }
    for v in samples("$randomBankAccountIban") {
        assert!((15..=34).contains(&v.len()), "{v}");
        assert!(is_digits(&v[2..4]), "{v}");
        let rearranged = v[4..].chars().chain(v[..4].chars());
        assert_eq!(mod97(rearranged), 1, "iban check of {v}");
    }
    for v in samples("$randomBankAccountBic") {
        assert!(v.len() == 8 || v.len() == 11, "{v}");
        assert!(all_chars(&v[..4], |c| c.is_ascii_uppercase()), "{v}");
    }
    for v in samples("$randomBitcoin") {
        assert!(
            (25..=34).contains(&v.len()) && v.starts_with(['1', '3']),
            "{v}"
        );
        assert!(all_chars(&v, |c| BASE58.contains(&(c as u8))), "{v}");
    }
}

#[test]
fn mod97_known_iban() {
    // The ISO 13616 example IBAN GB82 WEST 1234 5698 7654 32, rearranged.
    let iban = "GB82WEST12345698765432";
    assert_eq!(mod97(iban[4..].chars().chain(iban[..4].chars())), 1);
    assert_ne!(mod97("GB83WEST12345698765432GB83".chars().skip(4)), 1);
}

#[test]
fn word_and_text_formats() {
    for v in samples("$randomWords") {
        assert!(v.split_whitespace().count() >= 2, "{v}");
    }
    for v in samples("$randomLoremWord") {
        assert!(LOREM.contains(&v.as_str()), "{v}");
    }
    for v in samples("$randomLoremSentence") {
        let body = v.strip_suffix('.').expect("ends with a period");
        let words: Vec<&str> = body.split(' ').collect();
        assert!((3..=10).contains(&words.len()), "{v}");
        assert!(
            v.chars().next().is_some_and(|c| c.is_ascii_uppercase()),
            "{v}"
        );
    }
    for v in samples("$randomLoremSlug") {
        assert_eq!(v.split('-').count(), 3, "{v}");
    }
    for v in samples("$randomLoremLines") {
        assert!((1..=5).contains(&v.lines().count()), "{v}");
    }
    for v in samples("$randomMonth") {
        assert!(MONTHS.contains(&v.as_str()), "{v}");
    }
    for v in samples("$randomWeekday") {
        assert!(WEEKDAYS.contains(&v.as_str()), "{v}");
    }
    for v in samples("$randomCompanyName") {
        assert!(LAST_NAMES.iter().any(|n| v.starts_with(n)), "{v}");
    }
}

#[test]
fn file_and_image_formats() {
    let all_exts: HashSet<&str> = MIME_TYPES
        .iter()
        .flat_map(|m| m.1.iter().copied())
        .collect();
    for v in samples("$randomFileName") {
        let (stem, ext) = v.rsplit_once('.').expect("extension");
        assert!(
            all_chars(stem, |c| c.is_ascii_lowercase() || c == '_'),
            "{v}"
        );
        assert!(all_exts.contains(ext), "{v}");
    }
    for v in samples("$randomFilePath") {
        let (dir, file) = v.rsplit_once('/').expect("slash");
        assert!(DIRECTORY_PATHS.contains(&dir) && file.contains('.'), "{v}");
    }
    for v in samples("$randomFileExt") {
        assert!(all_exts.contains(v.as_str()), "{v}");
    }
    for v in samples("$randomCommonFileExt") {
        let common = MIME_TYPES.iter().any(|m| m.2 && m.1.contains(&v.as_str()));
        assert!(common, "{v}");
    }
    for v in samples("$randomMimeType") {
        let (kind, sub) = v.split_once('/').expect("slash");
        assert!(!kind.is_empty() && !sub.is_empty(), "{v}");
    }
    for v in samples("$randomFileType") {
        assert!(
            MIME_TYPES.iter().any(|m| m.0.starts_with(&format!("{v}/"))),
            "{v}"
        );
    }
    assert_eq!(
        gen_at("$randomCatsImage", 0, NOW_MS),
        "http://placeimg.com/640/480/cats"
    );
    for (name, category) in IMAGE_CATEGORIES {
        assert!(NAMES.contains(name), "{name}");
        assert!(
            gen_at(name, 0, NOW_MS).ends_with(&format!("/{category}")),
            "{name}"
        );
    }
    let uri = gen_at("$randomImageDataUri", 0, NOW_MS);
    let payload = uri
        .strip_prefix("data:image/svg+xml;charset=UTF-8,")
        .expect("prefix");
    assert!(
        payload.starts_with("%3Csvg%20") && !payload.contains(['<', ' ', '"']),
        "{uri}"
    );
}

#[test]
fn pre_epoch_clock_does_not_panic() {
    let mut rng = StdRng::seed_from_u64(0);
    for name in NAMES {
        assert!(
            generate(
                name,
                &mut rng,
                UNIX_EPOCH - Duration::from_secs(86_400 * 400)
            )
            .is_some()
        );
    }
    assert_eq!(
        gen_at("$isoTimestamp", 0, -86_400_000),
        "1969-12-31T00:00:00.000Z"
    );
}
