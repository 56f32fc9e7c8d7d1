//! moment in the sandbox: parsing (ISO 8601, RFC 2822, format tokens, strict mode), format,
//! arithmetic, diff and comparisons, in UTC or fixed offsets so the machine's zone does not
//! matter. Expected values follow moment's documentation and Newman 6.2.2 runs.

use super::libs_crypto::{assert_exprs, error_of};

#[test]
fn parsing_and_formatting() {
    assert_exprs(
        "var moment = require('moment');",
        &[
            (
                "moment.utc('2024-01-15T10:20:30.123Z').format()",
                "2024-01-15T10:20:30Z",
            ),
            (
                "moment.utc('2024-01-15T10:20:30+05:30').format('YYYY-MM-DD HH:mm')",
                "2024-01-15 04:50",
            ),
            (
                "moment.utc('2024-01-15').toISOString()",
                "2024-01-15T00:00:00.000Z",
            ),
            ("moment.utc('20240115').format('DD/MM/YYYY')", "15/01/2024"),
            (
                "moment.utc('Tue, 01 Nov 2016 01:23:45 +0000').format('YYYY-MM-DD HH:mm:ss')",
                "2016-11-01 01:23:45",
            ),
            (
                "moment.utc('15-01-2024 3:04 pm', 'DD-MM-YYYY h:mm a').format('YYYY-MM-DDTHH:mm')",
                "2024-01-15T15:04",
            ),
            (
                "moment.utc('January 5th 2024', 'MMMM Do YYYY').format('YYYY-MM-DD')",
                "2024-01-05",
            ),
            ("moment.utc('2024/02/30', 'YYYY/MM/DD').isValid()", "false"),
            ("moment.utc('not a date', 'YYYY-MM-DD').isValid()", "false"),
            (
                "moment.utc('2024-01-15 extra', 'YYYY-MM-DD', true).isValid()",
                "false",
            ),
            (
                "moment.utc('2024-01-15', 'YYYY-MM-DD', true).isValid()",
                "true",
            ),
            (
                "moment.utc(1700000000000).format('dddd, MMMM Do YYYY, h:mm:ss a')",
                "Tuesday, November 14th 2023, 10:13:20 pm",
            ),
            (
                "moment.unix(1700000000).utc().format('X x')",
                "1700000000 1700000000000",
            ),
            (
                "moment.utc('2024-03-05T07:08:09Z').format('YY M D H m s SSS Q DDDD ddd MMM [at] hh A')",
                "24 3 5 7 8 9 000 1 065 Tue Mar at 07 AM",
            ),
            (
                "moment.utc('2024-01-15T10:00:00Z').utcOffset(330).format()",
                "2024-01-15T15:30:00+05:30",
            ),
            (
                "moment.utc('2024-01-15T10:00:00Z').utcOffset('-08:00').format('HH:mm ZZ')",
                "02:00 -0800",
            ),
            ("moment.utc([2024, 0, 31]).format('LL')", "January 31, 2024"),
            (
                "moment.utc('2024-01-01').isoWeek() + ' ' + moment.utc('2024-01-01').week()",
                "1 1",
            ),
            (
                "moment.utc('garbage').isValid() + ' ' + moment.utc('garbage').format()",
                "false Invalid date",
            ),
            (
                "moment().isValid() && Math.abs(moment().valueOf() - Date.now()) < 5000",
                "true",
            ),
        ],
    );
}

#[test]
fn arithmetic_diff_and_comparison() {
    assert_exprs(
        "var moment = require('moment'), d = moment.utc('2024-01-31T12:00:00Z');",
        &[
            (
                "d.clone().add(1, 'month').format('YYYY-MM-DD')",
                "2024-02-29",
            ),
            (
                "d.clone().add(1, 'y').add(2, 'days').format('YYYY-MM-DD')",
                "2025-02-02",
            ),
            ("d.clone().subtract(90, 'minutes').format('HH:mm')", "10:30"),
            (
                "d.clone().add({days: 1, hours: 2}).format('DD HH')",
                "01 14",
            ),
            (
                "d.clone().add(moment.duration(2, 'weeks')).format('MM-DD')",
                "02-14",
            ),
            (
                "d.clone().startOf('month').format()",
                "2024-01-01T00:00:00Z",
            ),
            (
                "d.clone().endOf('day').format('HH:mm:ss.SSS')",
                "23:59:59.999",
            ),
            ("d.clone().startOf('week').format('ddd DD')", "Sun 28"),
            ("d.clone().startOf('isoWeek').format('ddd DD')", "Mon 29"),
            (
                "moment.utc('2024-03-01').diff(moment.utc('2024-01-15'), 'days')",
                "46",
            ),
            (
                "moment.utc('2024-03-01').diff(moment.utc('2024-01-15'), 'months')",
                "1",
            ),
            (
                "moment.utc('2024-03-01').diff(moment.utc('2024-01-15'), 'months', true).toFixed(4)",
                "1.5172",
            ),
            (
                "moment.utc('2025-01-15').diff(moment.utc('2024-01-15'), 'years')",
                "1",
            ),
            (
                "moment.utc('2024-01-15').diff(moment.utc('2024-01-16'), 'hours')",
                "-24",
            ),
            (
                "d.isBefore('2024-02-01') && d.isAfter('2024-01-30') && d.isSame('2024-01-31', 'day')",
                "true",
            ),
            (
                "d.isBetween('2024-01-01', '2024-12-31') && d.isSameOrBefore(d) && d.isSameOrAfter(d)",
                "true",
            ),
            (
                "d.year() + '-' + d.month() + '-' + d.date() + ' ' + d.day() + ' ' + d.hours()",
                "2024-0-31 3 12",
            ),
            ("d.clone().set('hour', 5).hour(6).format('HH')", "06"),
            (
                "d.daysInMonth() + ' ' + d.isLeapYear() + ' ' + d.quarter() + ' ' + d.dayOfYear()",
                "31 true 1 31",
            ),
            ("d.clone().subtract(3, 'hours').from(d)", "3 hours ago"),
            ("d.clone().add(2, 'days').from(d)", "in 2 days"),
            ("moment.duration(90, 'minutes').asHours()", "1.5"),
            (
                "moment.duration('PT1H30M').minutes() + ' ' + moment.duration(1, 'day').humanize()",
                "30 a day",
            ),
            ("moment.isMoment(d) && !moment.isMoment(new Date())", "true"),
        ],
    );
    assert_eq!(
        error_of("var moment = require('moment'); moment().tz('Europe/Paris');"),
        "test script of 'T', line 1: Error: moment(…).tz is not supported by conform"
    );
}
