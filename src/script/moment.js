// moment 2 for scripts (require('moment')), English locale: creation and parsing (ISO 8601,
// RFC 2822 and format tokens, parsed in Rust by native_time.rs), format, add/subtract, diff,
// startOf/endOf, getters/setters, comparisons, utc/local/utcOffset, unix, relative time and
// durations. Written for conform from moment's documented behaviour; no moment source copied.
(function (G) {
  'use strict';
  var N = G.__native;
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  var UNITS = {
    y: 'year', year: 'year', years: 'year', Q: 'quarter', quarter: 'quarter', quarters: 'quarter',
    M: 'month', month: 'month', months: 'month', w: 'week', week: 'week', weeks: 'week',
    W: 'isoWeek', isoWeek: 'isoWeek', isoWeeks: 'isoWeek', isoweek: 'isoWeek',
    d: 'day', day: 'day', days: 'day', D: 'date', date: 'date', dates: 'date',
    h: 'hour', hour: 'hour', hours: 'hour', m: 'minute', minute: 'minute', minutes: 'minute',
    s: 'second', second: 'second', seconds: 'second', ms: 'millisecond', millisecond: 'millisecond',
    milliseconds: 'millisecond', E: 'isoWeekday', isoWeekday: 'isoWeekday', e: 'weekday', weekday: 'weekday',
    DDD: 'dayOfYear', dayOfYear: 'dayOfYear'
  };
  var MS = { millisecond: 1, second: 1e3, minute: 6e4, hour: 36e5, day: 864e5, date: 864e5, week: 6048e5 };
  function unit(u) {
    if (u === undefined || u === null) { return undefined; }
    var s = String(u);
    return UNITS[s] || UNITS[s.toLowerCase()] || UNITS[s.replace(/s$/, '')] || undefined;
  }
  function pad(n, w) { var s = String(Math.abs(n)); while (s.length < w) { s = '0' + s; } return (n < 0 ? '-' : '') + s; }
  function ordinal(n) {
    var b = n % 10, t = n % 100;
    return n + (t >= 11 && t <= 13 ? 'th' : b === 1 ? 'st' : b === 2 ? 'nd' : b === 3 ? 'rd' : 'th');
  }
  function daysIn(y, m) { return new Date(Date.UTC(y, m + 1, 0)).getUTCDate(); }
  function utcMs(f) {
    var d = new Date(Date.UTC(2000, 0, 1, f[3], f[4], f[5], f[6]));
    d.setUTCFullYear(f[0], f[1], f[2]);
    return d.getTime();
  }
  function localMs(f) {
    var d = new Date(2000, 0, 1, f[3], f[4], f[5], f[6]);
    d.setFullYear(f[0], f[1], f[2]);
    return d.getTime();
  }

  // ---- the Moment object: an instant plus how to show it (local, UTC or a fixed offset) ----
  function Moment(ms, zone) {
    this._ms = ms === null || ms === undefined || ms !== ms ? NaN : +ms;
    this._zone = zone || 'local';   // 'local', 'utc' or a number of minutes east of UTC
    this._isAMomentObject = true;
  }
  var P = Moment.prototype;
  P._offset = function () {
    if (this._zone === 'utc') { return 0; }
    if (typeof this._zone === 'number') { return this._zone; }
    return -new Date(this._ms).getTimezoneOffset();
  };
  // [year, month, date, hour, minute, second, ms, weekday] on this moment's clock.
  P._f = function () {
    var d = new Date(this._ms + this._offset() * 6e4);
    return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(),
      d.getUTCSeconds(), d.getUTCMilliseconds(), d.getUTCDay()];
  };
  P._setFields = function (f) {
    if (this._zone === 'local') { this._ms = localMs(f); }
    else { this._ms = utcMs(f) - this._offset() * 6e4; }
    return this;
  };
  P.isValid = function () { return this._ms === this._ms; };
  P.clone = function () { return new Moment(this._ms, this._zone); };
  P.valueOf = function () { return this._ms; };
  P.unix = function () { return Math.floor(this._ms / 1000); };
  P.toDate = function () { return new Date(this._ms); };
  P.toISOString = function (keepOffset) {
    if (!this.isValid()) { return null; }
    return keepOffset ? this.format('YYYY-MM-DDTHH:mm:ss.SSSZ') : new Moment(this._ms, 'utc').format('YYYY-MM-DDTHH:mm:ss.SSS[Z]');
  };
  P.toJSON = function () { return this.toISOString(); };
  P.toString = function () { return this.isValid() ? this.clone().locale('en').format('ddd MMM DD YYYY HH:mm:ss [GMT]ZZ') : 'Invalid date'; };
  P.inspect = function () { return 'moment(' + (this.isValid() ? '"' + this.format() + '"' : 'invalid date') + ')'; };
  P.toArray = function () { return this._f().slice(0, 7); };
  P.toObject = function () {
    var f = this._f();
    return { years: f[0], months: f[1], date: f[2], hours: f[3], minutes: f[4], seconds: f[5], milliseconds: f[6] };
  };
  P.locale = function (l) { return l === undefined ? 'en' : this; };
  P.localeData = function () { return localeData; };
  P.utc = function (keepLocal) { return this.utcOffset(0, keepLocal); };
  P.local = function () { this._zone = 'local'; return this; };
  P.isUTC = P.isUtc = function () { return this._zone === 'utc' || this._zone === 0; };
  P.isLocal = function () { return this._zone === 'local'; };
  P.utcOffset = function (v, keepLocal) {
    if (v === undefined) { return this.isValid() ? this._offset() : NaN; }
    if (typeof v === 'string') {
      var m = /([+-])(\d\d):?(\d\d)?/.exec(v);
      if (!m) { return this; }
      v = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] || 0));
    } else if (Math.abs(v) < 16) { v = v * 60; }
    var f = keepLocal ? this._f() : null;
    this._zone = v === 0 ? 'utc' : v;
    if (f) { this._setFields(f); }
    return this;
  };
  P.parseZone = function () { return this; };
  P.daysInMonth = function () { var f = this._f(); return daysIn(f[0], f[1]); };
  P.isLeapYear = function () { var y = this._f()[0]; return y % 4 === 0 && y % 100 !== 0 || y % 400 === 0; };
  P.isDST = function () { return false; };

  // ---- getters and setters ----
  function field(i, normalizeSet) {
    return function (v) {
      var f = this._f();
      if (v === undefined) { return f[i]; }
      f[i] = normalizeSet ? normalizeSet(f, v) : Number(v);
      return this._setFields(f);
    };
  }
  P.year = P.years = field(0, function (f, v) { f[2] = Math.min(f[2], daysIn(Number(v), f[1])); return Number(v); });
  P.month = P.months = function (v) {
    var f = this._f();
    if (v === undefined) { return f[1]; }
    if (typeof v === 'string') { var i = MONTHS.findIndex(function (n) { return n.toLowerCase().indexOf(v.toLowerCase().slice(0, 3)) === 0; }); if (i < 0) { return this; } v = i; }
    f[2] = Math.min(f[2], daysIn(f[0] + Math.floor(v / 12), ((v % 12) + 12) % 12));
    f[1] = Number(v);
    return this._setFields(f);
  };
  P.date = P.dates = field(2);
  P.hour = P.hours = field(3);
  P.minute = P.minutes = field(4);
  P.second = P.seconds = field(5);
  P.millisecond = P.milliseconds = field(6);
  P.day = P.days = function (v) {
    var f = this._f();
    if (v === undefined) { return f[7]; }
    if (typeof v === 'string') { v = DAYS.findIndex(function (n) { return n.toLowerCase().indexOf(v.toLowerCase().slice(0, 2)) === 0; }); }
    return this.add(Number(v) - f[7], 'd');
  };
  P.weekday = P.day;
  P.isoWeekday = function (v) { var d = this._f()[7] || 7; return v === undefined ? d : this.add(Number(v) - d, 'd'); };
  P.dayOfYear = function (v) {
    var f = this._f(), doy = Math.round((utcMs([f[0], f[1], f[2], 0, 0, 0, 0]) - Date.UTC(f[0], 0, 1)) / 864e5) + 1;
    return v === undefined ? doy : this.add(Number(v) - doy, 'd');
  };
  P.quarter = P.quarters = function (v) {
    var q = Math.floor(this._f()[1] / 3) + 1;
    return v === undefined ? q : this.month((Number(v) - 1) * 3 + this._f()[1] % 3);
  };
  function isoWeekYear(f) {
    var d = new Date(Date.UTC(f[0], f[1], f[2]));
    var day = d.getUTCDay() || 7;
    d.setUTCDate(d.getUTCDate() + 4 - day);
    var y = d.getUTCFullYear();
    return [y, Math.ceil(((d - Date.UTC(y, 0, 1)) / 864e5 + 1) / 7)];
  }
  function localeWeek(f) {
    // en: weeks start on Sunday and week 1 holds January 1st.
    var d = new Date(Date.UTC(f[0], f[1], f[2]));
    d.setUTCDate(d.getUTCDate() + 6 - d.getUTCDay());
    var y = d.getUTCFullYear(), jan1 = new Date(Date.UTC(y, 0, 1));
    return [y, Math.floor(((d - jan1) / 864e5 + jan1.getUTCDay()) / 7) + 1];
  }
  P.isoWeek = P.isoWeeks = function (v) { var w = isoWeekYear(this._f())[1]; return v === undefined ? w : this.add(Number(v) - w, 'w'); };
  P.week = P.weeks = function (v) { var w = localeWeek(this._f())[1]; return v === undefined ? w : this.add(Number(v) - w, 'w'); };
  P.isoWeekYear = function () { return isoWeekYear(this._f())[0]; };
  P.weekYear = function () { return localeWeek(this._f())[0]; };
  P.get = function (u) { var n = unit(u); return n && typeof this[n] === 'function' ? this[n]() : undefined; };
  P.set = function (u, v) {
    if (u && typeof u === 'object') { var self = this; Object.keys(u).forEach(function (k) { self.set(k, u[k]); }); return this; }
    var n = unit(u);
    return n && typeof this[n] === 'function' ? this[n](v) : this;
  };

  // ---- arithmetic ----
  function addTo(m, amount, u, sign) {
    if (amount && typeof amount === 'object') {
      if (amount instanceof Duration) { amount = amount._parts(); }
      Object.keys(amount).forEach(function (k) { addTo(m, amount[k], k, sign); });
      return m;
    }
    if (typeof amount === 'string' && isNaN(amount) && typeof u !== 'string') { var t = u; u = amount; amount = t; }
    var n = unit(u) || 'millisecond', v = Number(amount) * sign;
    if (!m.isValid() || !v) { return m; }
    if (n === 'year' || n === 'quarter' || n === 'month') {
      var months = Math.trunc(v) * (n === 'year' ? 12 : n === 'quarter' ? 3 : 1), f = m._f();
      var total = f[0] * 12 + f[1] + months;
      f[0] = Math.floor(total / 12); f[1] = total - f[0] * 12;
      f[2] = Math.min(f[2], daysIn(f[0], f[1]));
      return m._setFields(f);
    }
    if (n === 'day' || n === 'date' || n === 'week' || n === 'isoWeek') {
      var g = m._f();
      g[2] += Math.trunc(v) * (n === 'week' || n === 'isoWeek' ? 7 : 1);
      return m._setFields(g);
    }
    m._ms += v * (MS[n] || 1);
    return m;
  }
  P.add = function (a, u) { return addTo(this, a, u, 1); };
  P.subtract = function (a, u) { return addTo(this, a, u, -1); };
  P.startOf = function (u) {
    var n = unit(u), f = this._f();
    if (!n || !this.isValid()) { return this; }
    switch (n) {
      case 'year': f[1] = 0; f[2] = 1; break;
      case 'quarter': f[1] -= f[1] % 3; f[2] = 1; break;
      case 'month': f[2] = 1; break;
      case 'week': f[2] -= f[7]; break;
      case 'isoWeek': f[2] -= (f[7] + 6) % 7; break;
    }
    var order = ['year', 'month', 'date', 'hour', 'minute', 'second', 'millisecond'];
    var keep = { year: 0, quarter: 1, month: 1, week: 2, isoWeek: 2, day: 2, date: 2, hour: 3, minute: 4, second: 5, millisecond: 6 }[n];
    for (var i = keep + 1; i < order.length; i++) { f[i] = i === 2 ? 1 : 0; }
    return this._setFields(f);
  };
  P.endOf = function (u) {
    var n = unit(u);
    if (!n || !this.isValid()) { return this; }
    return this.startOf(n).add(1, n === 'isoWeek' ? 'week' : n === 'date' ? 'day' : n).subtract(1, 'ms');
  };
  function toMoment(v) { return v instanceof Moment ? v : moment(v); }
  function monthDiff(a, b) {
    // moment measures from the later day of month, so Mar 1 − Jan 15 is 1.517, not 1.548.
    if (a.date() < b.date()) { return -monthDiff(b, a); }
    var fa = a._f(), fb = b._f();
    var whole = (fb[0] - fa[0]) * 12 + (fb[1] - fa[1]);
    var anchor = a.clone().add(whole, 'months'), anchor2, adjust;
    if (b - anchor < 0) { anchor2 = a.clone().add(whole - 1, 'months'); adjust = (b - anchor) / (anchor - anchor2); }
    else { anchor2 = a.clone().add(whole + 1, 'months'); adjust = (b - anchor) / (anchor2 - anchor); }
    return -(whole + adjust) || 0;
  }
  P.diff = function (other, u, asFloat) {
    var b = toMoment(other);
    if (!this.isValid() || !b.isValid()) { return NaN; }
    var n = unit(u) || 'millisecond', out;
    if (n === 'year' || n === 'month' || n === 'quarter') {
      out = monthDiff(this, b);
      out = n === 'quarter' ? out / 3 : n === 'year' ? out / 12 : out;
    } else {
      var delta = this._ms - b._ms;
      if (n === 'day' || n === 'date' || n === 'week' || n === 'isoWeek') { delta -= (b.utcOffset() - this.utcOffset()) * 6e4; }
      out = delta / (MS[n === 'isoWeek' ? 'week' : n] || 1);
    }
    return asFloat ? out : out < 0 ? Math.ceil(out) || 0 : Math.floor(out);
  };

  // ---- comparisons ----
  function cmp(a, b, u, lt) {
    b = toMoment(b);
    if (!a.isValid() || !b.isValid()) { return false; }
    var n = unit(u);
    if (!n || n === 'millisecond') { return lt ? a._ms < b._ms : a._ms > b._ms; }
    return lt ? a.clone().endOf(n)._ms < b._ms : b._ms < a.clone().startOf(n)._ms;
  }
  P.isBefore = function (b, u) { return cmp(this, b, u, true); };
  P.isAfter = function (b, u) { return cmp(this, b, u, false); };
  P.isSame = function (b, u) {
    b = toMoment(b);
    if (!this.isValid() || !b.isValid()) { return false; }
    var n = unit(u);
    if (!n || n === 'millisecond') { return this._ms === b._ms; }
    return this.clone().startOf(n)._ms <= b._ms && b._ms <= this.clone().endOf(n)._ms;
  };
  P.isSameOrBefore = function (b, u) { return this.isSame(b, u) || this.isBefore(b, u); };
  P.isSameOrAfter = function (b, u) { return this.isSame(b, u) || this.isAfter(b, u); };
  P.isBetween = function (a, b, u, inc) {
    inc = inc || '()';
    var left = inc[0] === '(' ? this.isAfter(a, u) : !this.isBefore(a, u);
    var right = inc[1] === ')' ? this.isBefore(b, u) : !this.isAfter(b, u);
    return left && right;
  };

  // ---- formatting ----
  var LONG = { LT: 'h:mm A', LTS: 'h:mm:ss A', L: 'MM/DD/YYYY', LL: 'MMMM D, YYYY', LLL: 'MMMM D, YYYY h:mm A',
    LLLL: 'dddd, MMMM D, YYYY h:mm A', l: 'M/D/YYYY', ll: 'MMM D, YYYY', lll: 'MMM D, YYYY h:mm A', llll: 'ddd, MMM D, YYYY h:mm A' };
  var TOKEN = /\[[^\]]*\]|LTS|LT|LL?L?L?|l{1,4}|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[o|w]?|W[o|W]?|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(ggg?)?|GG(GGG?)?|e|E|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?|Q/g;
  function zone(m, sep) {
    var o = m._offset(), s = o < 0 ? '-' : '+';
    o = Math.abs(o);
    return s + pad(Math.floor(o / 60), 2) + sep + pad(o % 60, 2);
  }
  function tokenValue(m, f, t) {
    switch (t) {
      case 'YYYY': return f[0] <= 9999 ? pad(f[0], 4) : '+' + f[0];
      case 'YYYYY': return pad(f[0], 5);
      case 'YYYYYY': return (f[0] < 0 ? '-' : '+') + pad(Math.abs(f[0]), 6);
      case 'YY': return pad(f[0] % 100, 2);
      case 'Y': return String(f[0]);
      case 'Q': return String(Math.floor(f[1] / 3) + 1);
      case 'Qo': return ordinal(Math.floor(f[1] / 3) + 1);
      case 'M': return String(f[1] + 1);
      case 'Mo': return ordinal(f[1] + 1);
      case 'MM': return pad(f[1] + 1, 2);
      case 'MMM': return MONTHS[f[1]].slice(0, 3);
      case 'MMMM': return MONTHS[f[1]];
      case 'D': return String(f[2]);
      case 'Do': return ordinal(f[2]);
      case 'DD': return pad(f[2], 2);
      case 'DDD': return String(m.dayOfYear());
      case 'DDDo': return ordinal(m.dayOfYear());
      case 'DDDD': return pad(m.dayOfYear(), 3);
      case 'd': case 'e': return String(f[7]);
      case 'do': return ordinal(f[7]);
      case 'dd': return DAYS[f[7]].slice(0, 2);
      case 'ddd': return DAYS[f[7]].slice(0, 3);
      case 'dddd': return DAYS[f[7]];
      case 'E': return String(f[7] || 7);
      case 'w': return String(m.week());
      case 'wo': return ordinal(m.week());
      case 'ww': return pad(m.week(), 2);
      case 'W': return String(m.isoWeek());
      case 'Wo': return ordinal(m.isoWeek());
      case 'WW': return pad(m.isoWeek(), 2);
      case 'gg': return pad(m.weekYear() % 100, 2);
      case 'gggg': return pad(m.weekYear(), 4);
      case 'GG': return pad(m.isoWeekYear() % 100, 2);
      case 'GGGG': return pad(m.isoWeekYear(), 4);
      case 'H': return String(f[3]);
      case 'HH': return pad(f[3], 2);
      case 'h': return String(f[3] % 12 || 12);
      case 'hh': return pad(f[3] % 12 || 12, 2);
      case 'k': return String(f[3] || 24);
      case 'kk': return pad(f[3] || 24, 2);
      case 'a': return f[3] < 12 ? 'am' : 'pm';
      case 'A': return f[3] < 12 ? 'AM' : 'PM';
      case 'm': return String(f[4]);
      case 'mm': return pad(f[4], 2);
      case 's': return String(f[5]);
      case 'ss': return pad(f[5], 2);
      case 'X': return String(m.unix());
      case 'x': return String(m._ms);
      case 'Z': return zone(m, ':');
      case 'ZZ': return zone(m, '');
      case 'z': case 'zz': return m.isUTC() ? 'UTC' : '';
      case 'N': case 'NN': case 'NNN': return f[0] > 0 ? 'AD' : 'BC';
      case 'NNNN': return f[0] > 0 ? 'Anno Domini' : 'Before Christ';
      case 'y': case 'yy': case 'yyy': case 'yyyy': return String(f[0]);
    }
    if (t.charAt(0) === 'S') { return (pad(f[6], 3) + '000000').slice(0, t.length); }
    if (t.charAt(0) === '[') { return t.slice(1, -1); }
    return t;
  }
  P.format = function (fmt) {
    if (!this.isValid()) { return 'Invalid date'; }
    if (fmt === undefined || fmt === null || fmt === '') { fmt = this.isUTC() ? 'YYYY-MM-DDTHH:mm:ss[Z]' : moment.defaultFormat; }
    fmt = String(fmt).replace(/\[[^\]]*\]|LTS|LT|LL?L?L?|l{1,4}/g, function (t) { return LONG[t] || t; });
    var f = this._f(), self = this;
    return fmt.replace(TOKEN, function (t) { return tokenValue(self, f, t); });
  };

  // ---- relative time ----
  function relative(ms, withoutSuffix) {
    var s = Math.round(Math.abs(ms) / 1000), mi = Math.round(s / 60), h = Math.round(mi / 60), d = Math.round(h / 24);
    var mo = Math.round(Math.abs(ms) / 864e5 / 30.436875), y = Math.round(Math.abs(ms) / 864e5 / 365.2425);
    var text = s < 45 ? 'a few seconds' : s < 90 ? 'a minute' : mi < 45 ? mi + ' minutes' : mi < 90 ? 'an hour'
      : h < 22 ? h + ' hours' : h < 36 ? 'a day' : d < 26 ? d + ' days' : d < 45 ? 'a month'
        : d < 320 ? Math.max(mo, 2) + ' months' : d < 548 ? 'a year' : Math.max(y, 2) + ' years';
    if (withoutSuffix) { return text; }
    return ms > 0 ? 'in ' + text : text + ' ago';
  }
  P.from = function (b, noSuffix) { return this.isValid() ? relative(this._ms - toMoment(b)._ms, noSuffix) : 'Invalid date'; };
  P.to = function (b, noSuffix) { return toMoment(b).from(this, noSuffix); };
  P.fromNow = function (noSuffix) { return this.from(moment(), noSuffix); };
  P.toNow = function (noSuffix) { return this.to(moment(), noSuffix); };
  P.calendar = function (ref) {
    var now = ref ? toMoment(ref) : moment(), diff = this.clone().startOf('day').diff(now.clone().startOf('day'), 'days', true);
    var fmt = diff < -6 ? 'L' : diff < -1 ? '[Last] dddd [at] LT' : diff < 0 ? '[Yesterday at] LT' : diff < 1 ? '[Today at] LT'
      : diff < 2 ? '[Tomorrow at] LT' : diff < 7 ? 'dddd [at] LT' : 'L';
    return this.format(fmt);
  };

  // ---- durations ----
  function Duration(ms, months) { this._ms = ms; this._months = months; }
  var DP = Duration.prototype;
  function duration(v, u) {
    if (v instanceof Duration) { return new Duration(v._ms, v._months); }
    if (v && typeof v === 'object') {
      var d = new Duration(0, 0);
      Object.keys(v).forEach(function (k) { d.add(v[k], k); });
      return d;
    }
    if (typeof v === 'string') {
      var iso = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(v);
      if (iso) {
        var sg = iso[1] ? -1 : 1, n = function (i) { return Number(iso[i] || 0) * sg; };
        return duration({ y: n(2), M: n(3), w: n(4), d: n(5), h: n(6), m: n(7), s: n(8) });
      }
      var hms = /^(-)?(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?$/.exec(v);
      if (hms) {
        var s2 = hms[1] ? -1 : 1;
        return duration({ d: s2 * (hms[2] || 0), h: s2 * hms[3], m: s2 * hms[4], s: s2 * (hms[5] || 0), ms: s2 * Number('0.' + (hms[6] || 0)) * 1000 });
      }
    }
    return new Duration(0, 0).add(Number(v) || 0, u || 'ms');
  }
  DP.add = function (v, u) {
    if (v instanceof Duration) { this._ms += v._ms; this._months += v._months; return this; }
    if (v && typeof v === 'object') { var self = this; Object.keys(v).forEach(function (k) { self.add(v[k], k); }); return this; }
    var n = unit(u) || 'millisecond', x = Number(v);
    if (n === 'year') { this._months += x * 12; } else if (n === 'quarter') { this._months += x * 3; }
    else if (n === 'month') { this._months += x; } else { this._ms += x * (MS[n === 'isoWeek' ? 'week' : n] || 1); }
    return this;
  };
  DP.subtract = function (v, u) { return this.add(duration(v, u).negate()); };
  DP.negate = function () { this._ms = -this._ms; this._months = -this._months; return this; };
  DP.abs = function () { this._ms = Math.abs(this._ms); this._months = Math.abs(this._months); return this; };
  DP.clone = function () { return new Duration(this._ms, this._months); };
  DP.as = function (u) {
    var n = unit(u) || 'millisecond', days = this._ms / 864e5;
    if (n === 'month' || n === 'year' || n === 'quarter') {
      var months = this._months + days * 4800 / 146097;
      return n === 'month' ? months : n === 'quarter' ? months / 3 : months / 12;
    }
    return (this._ms + this._months * 146097 / 4800 * 864e5) / (MS[n === 'isoWeek' ? 'week' : n] || 1);
  };
  // Whole components as moment bubbles them: ms → s → m → h → days, days → months → years.
  DP._parts = function () {
    var ms = this._ms, sign = ms < 0 ? -1 : 1, a = Math.abs(ms);
    var days = Math.floor(a / 864e5), rest = a - days * 864e5;
    var monthsFromDays = Math.floor(days * 4800 / 146097);
    var months = this._months + sign * monthsFromDays;
    days -= Math.ceil(monthsFromDays * 146097 / 4800);
    return { years: Math.trunc(months / 12), months: months % 12, days: sign * days,
      hours: sign * Math.floor(rest / 36e5), minutes: sign * Math.floor(rest % 36e5 / 6e4),
      seconds: sign * Math.floor(rest % 6e4 / 1e3), milliseconds: sign * (rest % 1e3) };
  };
  ['years', 'months', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'].forEach(function (k) {
    var one = k.replace(/s$/, '');
    DP[k] = DP[one] = function () { return this._parts()[k]; };
    DP['as' + k.charAt(0).toUpperCase() + k.slice(1)] = function () { return this.as(k); };
  });
  DP.weeks = function () { return Math.trunc(this.days() / 7); };
  DP.asWeeks = function () { return this.as('w'); };
  DP.get = function (u) { var n = unit(u); return n ? this[n + 's']() : undefined; };
  DP.valueOf = function () { return this.asMilliseconds(); };
  DP.humanize = function (withSuffix) { return relative(this.valueOf(), !withSuffix); };
  DP.toISOString = function () {
    var p = this._parts(), s = p.seconds + p.milliseconds / 1000;
    var out = 'P' + (p.years ? p.years + 'Y' : '') + (p.months ? p.months + 'M' : '') + (p.days ? p.days + 'D' : '');
    var t = (p.hours ? p.hours + 'H' : '') + (p.minutes ? p.minutes + 'M' : '') + (s ? s + 'S' : '');
    return out === 'P' && !t ? 'P0D' : out + (t ? 'T' + t : '');
  };
  DP.toJSON = DP.toISOString;
  DP.isValid = function () { return this._ms === this._ms; };
  DP.locale = function () { return 'en'; };

  // ---- creation ----
  function fromParsed(p, zone) {
    if (p.unix !== null) { return new Moment(p.unix, zone); }
    var a = p.a.slice(), now = new Date();
    var today = zone === 'utc' ? [now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()] : [now.getFullYear(), now.getMonth(), now.getDate()];
    for (var i = 0; i < 3 && a[i] === null; i++) { a[i] = today[i]; }
    for (; i < 7; i++) { if (a[i] === null) { a[i] = i === 2 ? 1 : 0; } }
    if (p.tz !== null) { return new Moment(utcMs(a) - p.tz * 6e4, zone); }
    return zone === 'utc' ? new Moment(utcMs(a), zone) : new Moment(localMs(a), zone);
  }
  function create(input, format, strict, zone) {
    if (input instanceof Moment) { var c = input.clone(); if (zone === 'utc') { c.utc(); } return c; }
    if (input === undefined) { return new Moment(Date.now(), zone); }
    if (input === null || input === '') { return new Moment(NaN, zone); }
    if (input instanceof Date) { return new Moment(input.getTime(), zone); }
    if (typeof input === 'number') { return new Moment(input, zone); }
    if (Array.isArray(input)) {
      var a = [0, 0, 1, 0, 0, 0, 0];
      input.forEach(function (v, i) { a[i] = Number(v); });
      var bad = a[1] > 11 || a[2] < 1 || a[2] > daysIn(a[0], a[1]) || a[3] > 23 || a[4] > 59 || a[5] > 59;
      return bad ? new Moment(NaN, zone) : new Moment(zone === 'utc' ? utcMs(a) : localMs(a), zone);
    }
    if (typeof input === 'object') {
      var o = {};
      Object.keys(input).forEach(function (k) { o[unit(k) || k] = input[k]; });
      return create([o.year === undefined ? new Date().getFullYear() : o.year, o.month || 0, o.date || o.day || 1,
        o.hour || 0, o.minute || 0, o.second || 0, o.millisecond || 0], undefined, false, zone);
    }
    var s = String(input), fmts = format === undefined ? [] : [].concat(format);
    if (fmts.some(function (f) { return f === moment.ISO_8601; })) { fmts = []; }
    var out = N.parseDate(s, fmts.join('\n'), !!strict);
    if (out) { return fromParsed(JSON.parse(out), zone); }
    if (fmts.length) { return new Moment(NaN, zone); }
    // moment's last resort for strings it does not recognise: the Date constructor.
    return new Moment(new Date(s).getTime(), zone);
  }
  function moment(input, format, locale, strict) {
    if (typeof locale === 'boolean') { strict = locale; }
    return create(input, format, strict, 'local');
  }
  moment.utc = function (input, format, locale, strict) {
    if (typeof locale === 'boolean') { strict = locale; }
    return create(input, format, strict, 'utc');
  };
  moment.parseZone = function (input, format) {
    var m = moment(input, format);
    var z = typeof input === 'string' && /(Z|[+-]\d\d(?::?\d\d)?)\s*$/i.exec(input);
    if (z) { m.utcOffset(z[1].toUpperCase() === 'Z' ? 0 : z[1]); }
    return m;
  };
  moment.unix = function (s) { return new Moment(s * 1000, 'local'); };
  moment.now = function () { return Date.now(); };
  moment.isMoment = function (v) { return v instanceof Moment; };
  moment.isDate = function (v) { return v instanceof Date; };
  moment.isDuration = function (v) { return v instanceof Duration; };
  moment.duration = duration;
  moment.invalid = function () { return new Moment(NaN); };
  moment.min = function () { var l = [].concat.apply([], arguments); return l.reduce(function (a, b) { return toMoment(b)._ms < toMoment(a)._ms ? b : a; }); };
  moment.max = function () { var l = [].concat.apply([], arguments); return l.reduce(function (a, b) { return toMoment(b)._ms > toMoment(a)._ms ? b : a; }); };
  moment.locale = function () { return 'en'; };
  moment.locales = function () { return ['en']; };
  moment.normalizeUnits = function (u) { return unit(u); };
  moment.months = function (i) { return i === undefined ? MONTHS.slice() : MONTHS[i]; };
  moment.monthsShort = function (i) { var s = MONTHS.map(function (m) { return m.slice(0, 3); }); return i === undefined ? s : s[i]; };
  moment.weekdays = function (i) { return i === undefined ? DAYS.slice() : DAYS[i]; };
  moment.weekdaysShort = function (i) { var s = DAYS.map(function (d) { return d.slice(0, 3); }); return i === undefined ? s : s[i]; };
  moment.weekdaysMin = function (i) { var s = DAYS.map(function (d) { return d.slice(0, 2); }); return i === undefined ? s : s[i]; };
  var localeData = { months: moment.months, monthsShort: moment.monthsShort, weekdays: moment.weekdays,
    weekdaysShort: moment.weekdaysShort, weekdaysMin: moment.weekdaysMin, firstDayOfWeek: function () { return 0; },
    longDateFormat: function (k) { return LONG[k]; }, ordinal: ordinal };
  moment.localeData = function () { return localeData; };
  moment.ISO_8601 = function () {};
  moment.defaultFormat = 'YYYY-MM-DDTHH:mm:ssZ';
  moment.defaultFormatUtc = 'YYYY-MM-DDTHH:mm:ss[Z]';
  moment.version = '2.30.1';
  moment.fn = P;
  moment.prototype = P;

  G.__unsupportedIn(P, 'moment(…)', Object.prototype);
  G.__unsupportedIn(DP, 'moment.duration(…)', Object.prototype);
  G.__unsupportedIn(moment, 'moment', Function.prototype);
  G.__libs.moment = moment;
})(globalThis);
