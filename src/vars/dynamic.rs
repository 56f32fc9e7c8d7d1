//! Postman's dynamic variables (`{{$guid}}`, `{{$timestamp}}`, `{{$random*}}`): one value per
//! name, drawn from a caller-supplied RNG and clock so runs can be seeded and tested.
//! Owns the names and value formats only; resolving `{{...}}` and user variables that shadow
//! these names belong to `vars.rs`. Word lists are small and hand-written (`dynamic/words.rs`).

mod words;

use std::time::{SystemTime, UNIX_EPOCH};

use rand::{Rng, RngCore};

use words::*;

/// What a generator may draw on: randomness and the instant the run asked for the value.
struct Ctx<'a> {
    rng: &'a mut dyn RngCore,
    /// Milliseconds since the Unix epoch; negative before it.
    now_ms: i64,
}

type Gen = fn(&mut Ctx<'_>) -> String;

/// The value of one dynamic variable (name without the braces, with the `$`), or None if
/// Postman has no such name.
pub fn generate(name: &str, rng: &mut impl Rng, now: SystemTime) -> Option<String> {
    let generator = TABLE.iter().find(|(n, _)| *n == name)?.1;
    let mut ctx = Ctx {
        rng,
        now_ms: epoch_millis(now),
    };
    Some(generator(&mut ctx))
}

/// Every name supported, for docs and tests (same order as Postman's own list).
pub const NAMES: &[&str] = &NAME_ARRAY;

const NAME_ARRAY: [&str; TABLE.len()] = {
    let mut out = [""; TABLE.len()];
    let mut i = 0;
    while i < TABLE.len() {
        out[i] = TABLE[i].0;
        i += 1;
    }
    out
};

const TABLE: &[(&str, Gen)] = &[
    ("$guid", |c| uuid_v4(c)),
    // Postman rounds (not floors) milliseconds to seconds.
    ("$timestamp", |c| {
        (c.now_ms.saturating_add(500).div_euclid(1000)).to_string()
    }),
    ("$isoTimestamp", |c| iso_timestamp(c.now_ms)),
    // Postman draws 0..=1000 although its description says "between 1 and 1000".
    ("$randomInt", |c| {
        c.rng.random_range(0..=1000u32).to_string()
    }),
    ("$randomPhoneNumber", |c| phone_number(c)),
    ("$randomPhoneNumberExt", |c| {
        let ext = c.rng.random_range(1..=99u32);
        format!("{ext}-{}", phone_number(c))
    }),
    ("$randomLocale", |c| pick(c, LOCALES).to_string()),
    ("$randomWords", |c| {
        let n = c.rng.random_range(2..=5);
        (0..n).map(|_| any_word(c)).collect::<Vec<_>>().join(" ")
    }),
    ("$randomFilePath", |c| {
        format!("{}/{}", pick(c, DIRECTORY_PATHS), file_name(c))
    }),
    ("$randomDirectoryPath", |c| {
        pick(c, DIRECTORY_PATHS).to_string()
    }),
    ("$randomCity", |c| city(c)),
    ("$randomStreetName", |c| street_name(c)),
    ("$randomStreetAddress", |c| {
        let digits = c.rng.random_range(3..=5);
        format!("{} {}", digits_string(c, digits, false), street_name(c))
    }),
    ("$randomCountry", |c| pick(c, COUNTRIES).0.to_string()),
    ("$randomCountryCode", |c| pick(c, COUNTRIES).1.to_string()),
    ("$randomLatitude", |c| coordinate(c, 90)),
    ("$randomLongitude", |c| coordinate(c, 180)),
    ("$randomColor", |c| pick(c, COLORS).to_string()),
    ("$randomDepartment", |c| pick(c, DEPARTMENTS).to_string()),
    ("$randomProductName", |c| {
        let (a, m, p) = (
            pick(c, PRODUCT_ADJECTIVES),
            pick(c, PRODUCT_MATERIALS),
            pick(c, PRODUCTS),
        );
        format!("{a} {m} {p}")
    }),
    ("$randomProductAdjective", |c| {
        pick(c, PRODUCT_ADJECTIVES).to_string()
    }),
    ("$randomProductMaterial", |c| {
        pick(c, PRODUCT_MATERIALS).to_string()
    }),
    ("$randomProduct", |c| pick(c, PRODUCTS).to_string()),
    ("$randomCompanyName", |c| company_name(c)),
    ("$randomCompanySuffix", |c| {
        pick(c, COMPANY_SUFFIXES).to_string()
    }),
    ("$randomCatchPhrase", |c| {
        let (a, d, n) = (
            pick(c, CATCH_ADJECTIVES),
            pick(c, CATCH_DESCRIPTORS),
            pick(c, CATCH_NOUNS),
        );
        format!("{a} {d} {n}")
    }),
    ("$randomBs", |c| {
        let (b, a, n) = (pick(c, BS_BUZZ), pick(c, BS_ADJECTIVES), pick(c, BS_NOUNS));
        format!("{b} {a} {n}")
    }),
    ("$randomCatchPhraseAdjective", |c| {
        pick(c, CATCH_ADJECTIVES).to_string()
    }),
    ("$randomCatchPhraseDescriptor", |c| {
        pick(c, CATCH_DESCRIPTORS).to_string()
    }),
    ("$randomCatchPhraseNoun", |c| {
        pick(c, CATCH_NOUNS).to_string()
    }),
    ("$randomBsAdjective", |c| pick(c, BS_ADJECTIVES).to_string()),
    ("$randomBsBuzz", |c| pick(c, BS_BUZZ).to_string()),
    ("$randomBsNoun", |c| pick(c, BS_NOUNS).to_string()),
    ("$randomDatabaseColumn", |c| pick(c, DB_COLUMNS).to_string()),
    ("$randomDatabaseType", |c| pick(c, DB_TYPES).to_string()),
    ("$randomDatabaseCollation", |c| {
        pick(c, DB_COLLATIONS).to_string()
    }),
    ("$randomDatabaseEngine", |c| pick(c, DB_ENGINES).to_string()),
    // faker: past/future up to a year away, recent within a day; at least a second away.
    ("$randomDatePast", |c| offset_date(c, -YEAR_MS)),
    ("$randomDateFuture", |c| offset_date(c, YEAR_MS)),
    ("$randomDateRecent", |c| offset_date(c, -DAY_MS)),
    ("$randomMonth", |c| pick(c, MONTHS).to_string()),
    ("$randomWeekday", |c| pick(c, WEEKDAYS).to_string()),
    ("$randomBankAccount", |c| digits_string(c, 8, true)),
    ("$randomBankAccountName", |c| {
        format!("{} Account", pick(c, ACCOUNT_KINDS))
    }),
    // Postman documents four plain digits (e.g. `3622`) for the mask.
    ("$randomCreditCardMask", |c| digits_string(c, 4, true)),
    // Postman documents 100.00..=999.00; faker would allow 0..1000, so this stays inside both.
    ("$randomPrice", |c| {
        let cents = c.rng.random_range(10_000..=99_900u32);
        format!("{}.{:02}", cents / 100, cents % 100)
    }),
    ("$randomTransactionType", |c| {
        pick(c, TRANSACTION_TYPES).to_string()
    }),
    ("$randomCurrencyCode", |c| pick(c, CURRENCIES).0.to_string()),
    ("$randomCurrencyName", |c| pick(c, CURRENCIES).1.to_string()),
    ("$randomCurrencySymbol", |c| {
        pick(c, CURRENCIES).2.to_string()
    }),
    ("$randomBitcoin", |c| bitcoin_address(c)),
    ("$randomBankAccountIban", |c| iban(c)),
    ("$randomBankAccountBic", |c| bic(c)),
    ("$randomAbbreviation", |c| {
        pick(c, HACKER_ABBREVIATIONS).to_string()
    }),
    ("$randomAdjective", |c| {
        pick(c, HACKER_ADJECTIVES).to_string()
    }),
    ("$randomNoun", |c| pick(c, HACKER_NOUNS).to_string()),
    ("$randomVerb", |c| pick(c, HACKER_VERBS).0.to_string()),
    ("$randomIngverb", |c| pick(c, HACKER_VERBS).1.to_string()),
    ("$randomPhrase", |c| hacker_phrase(c)),
    ("$randomAvatarImage", |c| {
        let handle = user_name(c).to_lowercase();
        format!("https://cdn.fakercloud.com/avatars/{handle}_128.jpg")
    }),
    ("$randomImageUrl", |_| IMAGE_BASE.to_string()),
    ("$randomAbstractImage", |_| {
        image_url("$randomAbstractImage")
    }),
    ("$randomAnimalsImage", |_| image_url("$randomAnimalsImage")),
    ("$randomBusinessImage", |_| {
        image_url("$randomBusinessImage")
    }),
    ("$randomCatsImage", |_| image_url("$randomCatsImage")),
    ("$randomCityImage", |_| image_url("$randomCityImage")),
    ("$randomFoodImage", |_| image_url("$randomFoodImage")),
    ("$randomNightlifeImage", |_| {
        image_url("$randomNightlifeImage")
    }),
    ("$randomFashionImage", |_| image_url("$randomFashionImage")),
    ("$randomPeopleImage", |_| image_url("$randomPeopleImage")),
    ("$randomNatureImage", |_| image_url("$randomNatureImage")),
    ("$randomSportsImage", |_| image_url("$randomSportsImage")),
    ("$randomTransportImage", |_| {
        image_url("$randomTransportImage")
    }),
    ("$randomImageDataUri", |_| image_data_uri()),
    ("$randomEmail", |c| {
        let user = user_name(c);
        format!("{user}@{}", pick(c, FREE_EMAIL_DOMAINS))
    }),
    ("$randomExampleEmail", |c| {
        let user = user_name(c);
        format!("{user}@{}", pick(c, EXAMPLE_EMAIL_DOMAINS))
    }),
    ("$randomUserName", |c| user_name(c)),
    ("$randomProtocol", |c| {
        pick(c, &["http", "https"]).to_string()
    }),
    ("$randomUrl", |c| {
        let protocol = pick(c, &["http", "https"]);
        format!("{protocol}://{}", domain_name(c))
    }),
    ("$randomDomainName", |c| domain_name(c)),
    ("$randomDomainSuffix", |c| {
        pick(c, DOMAIN_SUFFIXES).to_string()
    }),
    ("$randomDomainWord", |c| domain_word(c)),
    ("$randomIP", |c| {
        let o: [u8; 4] = c.rng.random();
        format!("{}.{}.{}.{}", o[0], o[1], o[2], o[3])
    }),
    ("$randomIPV6", |c| {
        let groups: [u16; 8] = c.rng.random();
        let hex: Vec<String> = groups.iter().map(|g| format!("{g:04x}")).collect();
        hex.join(":")
    }),
    ("$randomUserAgent", |c| user_agent(c)),
    // faker halves each channel, so components never exceed 0x80.
    ("$randomHexColor", |c| {
        let mut channel = || c.rng.random_range(0..=256u32) / 2;
        let (r, g, b) = (channel(), channel(), channel());
        format!("#{r:02x}{g:02x}{b:02x}")
    }),
    ("$randomMACAddress", |c| {
        let bytes: [u8; 6] = c.rng.random();
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
        hex.join(":")
    }),
    // faker's default pattern is `\w`, so `_` can appear beside letters and digits.
    ("$randomPassword", |c| {
        (0..15).map(|_| pick_char(c, WORD_CHARS)).collect()
    }),
    ("$randomLoremWord", |c| pick(c, LOREM).to_string()),
    ("$randomLoremWords", |c| lorem_words(c, 3).join(" ")),
    ("$randomLoremSentence", |c| lorem_sentence(c)),
    ("$randomLoremSlug", |c| lorem_words(c, 3).join("-")),
    ("$randomLoremSentences", |c| {
        let n = c.rng.random_range(2..=6);
        lorem_sentences(c, n, " ")
    }),
    ("$randomLoremParagraph", |c| lorem_paragraph(c)),
    ("$randomLoremParagraphs", |c| {
        let paragraphs: Vec<String> = (0..3).map(|_| lorem_paragraph(c)).collect();
        paragraphs.join("\n \r")
    }),
    ("$randomLoremText", |c| {
        let n = c.rng.random_range(1..=3);
        lorem_sentences(c, n, " ")
    }),
    ("$randomLoremLines", |c| {
        let n = c.rng.random_range(1..=5);
        lorem_sentences(c, n, "\n")
    }),
    ("$randomFirstName", |c| pick(c, FIRST_NAMES).to_string()),
    ("$randomLastName", |c| pick(c, LAST_NAMES).to_string()),
    ("$randomFullName", |c| full_name(c)),
    ("$randomJobTitle", |c| {
        let (d, a, t) = (
            pick(c, JOB_DESCRIPTORS),
            pick(c, JOB_AREAS),
            pick(c, JOB_TYPES),
        );
        format!("{d} {a} {t}")
    }),
    ("$randomNamePrefix", |c| pick(c, NAME_PREFIXES).to_string()),
    ("$randomNameSuffix", |c| pick(c, NAME_SUFFIXES).to_string()),
    ("$randomJobDescriptor", |c| {
        pick(c, JOB_DESCRIPTORS).to_string()
    }),
    ("$randomJobArea", |c| pick(c, JOB_AREAS).to_string()),
    ("$randomJobType", |c| pick(c, JOB_TYPES).to_string()),
    ("$randomUUID", |c| uuid_v4(c)),
    ("$randomBoolean", |c| c.rng.random_bool(0.5).to_string()),
    ("$randomWord", |c| any_word(c)),
    ("$randomAlphaNumeric", |c| {
        pick_char(c, LOWER_ALNUM).to_string()
    }),
    ("$randomFileName", |c| file_name(c)),
    ("$randomCommonFileName", |c| {
        let stem = file_stem(c);
        format!("{stem}.{}", common_mime(c).1)
    }),
    ("$randomMimeType", |c| pick(c, MIME_TYPES).0.to_string()),
    ("$randomCommonFileType", |c| {
        pick(c, COMMON_FILE_TYPES).to_string()
    }),
    ("$randomCommonFileExt", |c| common_mime(c).1.to_string()),
    ("$randomFileType", |c| {
        let mime = pick(c, MIME_TYPES).0;
        mime.split('/').next().unwrap_or(mime).to_string()
    }),
    ("$randomFileExt", |c| file_ext(c).to_string()),
    ("$randomSemver", |c| {
        let mut part = || c.rng.random_range(0..=9u8);
        let (a, b, p) = (part(), part(), part());
        format!("{a}.{b}.{p}")
    }),
];

const DAY_MS: i64 = 24 * 3600 * 1000;
const YEAR_MS: i64 = 365 * DAY_MS;
const IMAGE_BASE: &str = "http://placeimg.com/640/480";
const LOWER_ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const WORD_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn epoch_millis(now: SystemTime) -> i64 {
    let clamp = |ms: u128| i64::try_from(ms).unwrap_or(i64::MAX);
    match now.duration_since(UNIX_EPOCH) {
        Ok(after) => clamp(after.as_millis()),
        Err(before) => -clamp(before.duration().as_millis()),
    }
}

/// Picks one element; the lists are compile-time constants, so an empty one is a bug, but a
/// default value keeps that from ever panicking.
fn pick<T: Copy + Default>(c: &mut Ctx<'_>, list: &[T]) -> T {
    if list.is_empty() {
        return T::default();
    }
    list[c.rng.random_range(0..list.len())]
}

fn pick_char(c: &mut Ctx<'_>, alphabet: &[u8]) -> char {
    char::from(pick(c, alphabet))
}

/// `len` decimal digits; `leading_zero` false keeps the first one non-zero (house numbers).
fn digits_string(c: &mut Ctx<'_>, len: usize, leading_zero: bool) -> String {
    (0..len)
        .map(|i| {
            let low = if i == 0 && !leading_zero { 1 } else { 0 };
            char::from(b'0' + c.rng.random_range(low..=9u8))
        })
        .collect()
}

fn uuid_v4(c: &mut Ctx<'_>) -> String {
    // From the run's random source, so seeded runs (tests) stay repeatable.
    let bytes: [u8; 16] = c.rng.random();
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Broken-down UTC time of a millisecond instant.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    weekday: usize,
    hour: i64,
    minute: i64,
    second: i64,
    milli: i64,
}

fn civil(ms: i64) -> Civil {
    use chrono::{Datelike, Timelike};
    // Out of chrono's range (±262 143 years) only for instants no variable produces.
    let t = chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
    Civil {
        year: i64::from(t.year()),
        month: t.month(),
        day: t.day(),
        // Index 0 is Sunday, as JavaScript's getUTCDay.
        weekday: t.weekday().num_days_from_sunday() as usize,
        hour: i64::from(t.hour()),
        minute: i64::from(t.minute()),
        second: i64::from(t.second()),
        milli: i64::from(t.timestamp_subsec_millis()),
    }
}

/// JavaScript's `Date.prototype.toISOString`, including its six-digit years outside 0..=9999.
fn iso_timestamp(ms: i64) -> String {
    let t = civil(ms);
    let year = if (0..=9999).contains(&t.year) {
        format!("{:04}", t.year)
    } else if t.year < 0 {
        format!("-{:06}", -t.year)
    } else {
        format!("+{:06}", t.year)
    };
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.month, t.day, t.hour, t.minute, t.second, t.milli
    )
}

/// JavaScript's `Date.prototype.toString` as a UTC machine prints it, which is how Postman
/// renders faker's `Date` values.
fn js_date_string(ms: i64) -> String {
    let t = civil(ms);
    let weekday = WEEKDAYS.get(t.weekday).map_or("", |w| &w[..3]);
    let month = MONTHS
        .get((t.month as usize).saturating_sub(1))
        .map_or("", |m| &m[..3]);
    format!(
        "{weekday} {month} {:02} {:04} {:02}:{:02}:{:02} GMT+0000 (Coordinated Universal Time)",
        t.day, t.year, t.hour, t.minute, t.second
    )
}

/// A date between one second and `span_ms` away from now (negative span: in the past).
fn offset_date(c: &mut Ctx<'_>, span_ms: i64) -> String {
    let delta = c.rng.random_range(1000..=span_ms.unsigned_abs().max(1000)) as i64;
    let at = if span_ms < 0 {
        c.now_ms.saturating_sub(delta)
    } else {
        c.now_ms.saturating_add(delta)
    };
    js_date_string(at)
}

/// faker's first US format: `!##-!##-####`, where `!` is 2..=9.
fn phone_number(c: &mut Ctx<'_>) -> String {
    let mut part = |len: usize| {
        let first = char::from(b'0' + c.rng.random_range(2..=9u8));
        let rest: String = (1..len)
            .map(|_| char::from(b'0' + c.rng.random_range(0..=9u8)))
            .collect();
        format!("{first}{rest}")
    };
    let (area, exchange) = (part(3), part(3));
    let line = digits_string(c, 4, true);
    format!("{area}-{exchange}-{line}")
}

/// A signed decimal with four places, within ±`limit` degrees.
fn coordinate(c: &mut Ctx<'_>, limit: i64) -> String {
    let scaled = c.rng.random_range(-limit * 10_000..=limit * 10_000);
    let sign = if scaled < 0 { "-" } else { "" };
    let abs = scaled.unsigned_abs();
    format!("{sign}{}.{:04}", abs / 10_000, abs % 10_000)
}

fn city(c: &mut Ctx<'_>) -> String {
    match c.rng.random_range(0..4) {
        0 => {
            let (p, f, s) = (
                pick(c, CITY_PREFIXES),
                pick(c, FIRST_NAMES),
                pick(c, CITY_SUFFIXES),
            );
            format!("{p} {f}{s}")
        }
        1 => format!("{} {}", pick(c, CITY_PREFIXES), pick(c, FIRST_NAMES)),
        2 => format!("{}{}", pick(c, FIRST_NAMES), pick(c, CITY_SUFFIXES)),
        _ => format!("{}{}", pick(c, LAST_NAMES), pick(c, CITY_SUFFIXES)),
    }
}

fn street_name(c: &mut Ctx<'_>) -> String {
    let name = if c.rng.random_bool(0.5) {
        pick(c, FIRST_NAMES)
    } else {
        pick(c, LAST_NAMES)
    };
    format!("{name} {}", pick(c, STREET_SUFFIXES))
}

fn company_name(c: &mut Ctx<'_>) -> String {
    match c.rng.random_range(0..3) {
        0 => format!("{} {}", pick(c, LAST_NAMES), pick(c, COMPANY_SUFFIXES)),
        1 => format!("{} - {}", pick(c, LAST_NAMES), pick(c, LAST_NAMES)),
        _ => {
            let (a, b, d) = (
                pick(c, LAST_NAMES),
                pick(c, LAST_NAMES),
                pick(c, LAST_NAMES),
            );
            format!("{a}, {b} and {d}")
        }
    }
}

/// Mostly "First Last"; like faker, one time in nine with a prefix and one in nine with a
/// suffix.
fn full_name(c: &mut Ctx<'_>) -> String {
    let roll = c.rng.random_range(0..=8);
    let (first, last) = (pick(c, FIRST_NAMES), pick(c, LAST_NAMES));
    match roll {
        0 => format!("{} {first} {last}", pick(c, NAME_PREFIXES)),
        1 => format!("{first} {last} {}", pick(c, NAME_SUFFIXES)),
        _ => format!("{first} {last}"),
    }
}

/// faker's three username shapes: `First42`, `First.Last`, `First_Last42`.
fn user_name(c: &mut Ctx<'_>) -> String {
    let first = pick(c, FIRST_NAMES);
    let sep = pick(c, &[".", "_"]);
    match c.rng.random_range(0..3) {
        0 => format!("{first}{}", c.rng.random_range(0..=99u32)),
        1 => format!("{first}{sep}{}", pick(c, LAST_NAMES)),
        _ => {
            let last = pick(c, LAST_NAMES);
            format!("{first}{sep}{last}{}", c.rng.random_range(0..=99u32))
        }
    }
}

fn domain_word(c: &mut Ctx<'_>) -> String {
    pick(c, FIRST_NAMES).to_lowercase()
}

fn domain_name(c: &mut Ctx<'_>) -> String {
    let word = domain_word(c);
    format!("{word}.{}", pick(c, DOMAIN_SUFFIXES))
}

fn user_agent(c: &mut Ctx<'_>) -> String {
    let major = c.rng.random_range(90..=131u32);
    match c.rng.random_range(0..3) {
        0 => {
            let build = c.rng.random_range(4000..=6999u32);
            let patch = c.rng.random_range(0..=200u32);
            let os = pick(
                c,
                &[
                    "Windows NT 10.0; Win64; x64",
                    "X11; Linux x86_64",
                    "Macintosh; Intel Mac OS X 10_15_7",
                ],
            );
            format!(
                "Mozilla/5.0 ({os}) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/{major}.0.{build}.{patch} Safari/537.36"
            )
        }
        1 => {
            let os = pick(c, &["Windows NT 10.0; Win64; x64", "X11; Linux x86_64"]);
            format!("Mozilla/5.0 ({os}; rv:{major}.0) Gecko/20100101 Firefox/{major}.0")
        }
        _ => {
            let minor = c.rng.random_range(0..=6u32);
            let version = c.rng.random_range(13..=17u32);
            format!(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_{minor}) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/{version}.{minor} Safari/605.1.15"
            )
        }
    }
}

/// Like faker's `random.word`: a word from one of several vocabularies.
fn any_word(c: &mut Ctx<'_>) -> String {
    let lists: [&[&str]; 6] = [
        PRODUCT_ADJECTIVES,
        PRODUCTS,
        DEPARTMENTS,
        HACKER_NOUNS,
        CATCH_NOUNS,
        BS_BUZZ,
    ];
    let list = pick(c, &lists);
    pick(c, list).to_string()
}

fn hacker_phrase(c: &mut Ctx<'_>) -> String {
    let abbr = pick(c, HACKER_ABBREVIATIONS);
    let adj = pick(c, HACKER_ADJECTIVES);
    let noun = pick(c, HACKER_NOUNS);
    let (verb, ing) = pick(c, HACKER_VERBS);
    match c.rng.random_range(0..3) {
        0 => format!("Try to {verb} the {abbr} {noun}, maybe it will fix the {adj} {noun}!"),
        1 => format!(
            "{} the {adj} {abbr} {noun} won't do anything.",
            capitalize(ing)
        ),
        _ => format!("We need to {verb} the {adj} {abbr} {noun}!"),
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn lorem_words(c: &mut Ctx<'_>, n: usize) -> Vec<&'static str> {
    (0..n).map(|_| pick(c, LOREM)).collect()
}

/// 3..=10 words, first letter capitalised, ending with a period.
fn lorem_sentence(c: &mut Ctx<'_>) -> String {
    let n = c.rng.random_range(3..=10);
    format!("{}.", capitalize(&lorem_words(c, n).join(" ")))
}

fn lorem_sentences(c: &mut Ctx<'_>, n: usize, sep: &str) -> String {
    let sentences: Vec<String> = (0..n).map(|_| lorem_sentence(c)).collect();
    sentences.join(sep)
}

fn lorem_paragraph(c: &mut Ctx<'_>) -> String {
    let n = 3 + c.rng.random_range(0..=3);
    lorem_sentences(c, n, " ")
}

fn file_ext(c: &mut Ctx<'_>) -> &'static str {
    let exts = pick(c, MIME_TYPES).1;
    pick(c, exts)
}

/// A common MIME type and one of its extensions.
fn common_mime(c: &mut Ctx<'_>) -> (&'static str, &'static str) {
    let common: Vec<_> = MIME_TYPES.iter().filter(|m| m.2).collect();
    let Some(mime) = common.get(c.rng.random_range(0..common.len().max(1))) else {
        return ("", "");
    };
    (mime.0, pick(c, mime.1))
}

/// 1..=3 lowercase words joined by `_`, as faker builds file names.
fn file_stem(c: &mut Ctx<'_>) -> String {
    let n = c.rng.random_range(1..=3);
    let words: Vec<String> = (0..n)
        .map(|_| {
            any_word(c)
                .to_lowercase()
                .replace(|ch: char| !ch.is_ascii_alphanumeric(), "_")
        })
        .collect();
    words.join("_")
}

fn file_name(c: &mut Ctx<'_>) -> String {
    let stem = file_stem(c);
    format!("{stem}.{}", file_ext(c))
}

fn image_url(name: &str) -> String {
    let category = IMAGE_CATEGORIES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, cat)| cat);
    format!("{IMAGE_BASE}/{category}")
}

/// A grey 640×480 SVG placeholder, percent-encoded the way `encodeURIComponent` does.
fn image_data_uri() -> String {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"640\" \
               height=\"480\"><rect width=\"100%\" height=\"100%\" fill=\"grey\"/><text x=\"320\" \
               y=\"240\" font-size=\"20\" text-anchor=\"middle\" fill=\"white\">640x480</text></svg>";
    let mut out = String::from("data:image/svg+xml;charset=UTF-8,");
    for b in svg.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A P2PKH/P2SH-looking address: `1` or `3`, then base58, 25..=34 characters in all.
fn bitcoin_address(c: &mut Ctx<'_>) -> String {
    let len = c.rng.random_range(25..=34);
    let mut out = String::from(pick(c, &["1", "3"]));
    out.extend((1..len).map(|_| pick_char(c, BASE58)));
    out
}

/// An IBAN with a valid ISO 13616 check (mod 97 == 1) for one of a few country layouts.
fn iban(c: &mut Ctx<'_>) -> String {
    let (country, layout) = pick(c, IBAN_LAYOUTS);
    let mut bban = String::new();
    for &(kind, len) in layout {
        for _ in 0..len {
            let ch = match kind {
                'n' => char::from(b'0' + c.rng.random_range(0..=9u8)),
                'a' => char::from(b'A' + c.rng.random_range(0..26u8)),
                _ => pick_char(c, UPPER_ALNUM),
            };
            bban.push(ch);
        }
    }
    let remainder = mod97(bban.chars().chain(country.chars()).chain("00".chars()));
    format!("{country}{:02}{bban}", 98 - remainder)
}

/// Remainder mod 97 of the number formed by reading digits as themselves and letters as
/// 10..=35, computed a digit at a time so length never overflows.
fn mod97(chars: impl Iterator<Item = char>) -> u32 {
    let mut rem = 0u32;
    for ch in chars {
        let Some(v) = ch.to_digit(36) else { continue };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem
}

/// Bank code (4 letters), country (2), location (2), optional branch (3): 8 or 11 characters.
fn bic(c: &mut Ctx<'_>) -> String {
    let bank: String = (0..4)
        .map(|_| char::from(b'A' + c.rng.random_range(0..26u8)))
        .collect();
    let country = pick(c, COUNTRIES).1;
    let location: String = (0..2).map(|_| pick_char(c, UPPER_ALNUM)).collect();
    let branch: String = if c.rng.random_bool(0.5) {
        (0..3).map(|_| pick_char(c, UPPER_ALNUM)).collect()
    } else {
        String::new()
    };
    format!("{bank}{country}{location}{branch}")
}

#[cfg(test)]
mod tests;
