// lodash 4 for scripts, part 2: Object, String, Math, Util and Function functions, chaining
// (`_(x)…value()`, `_.chain`), and the "not supported by conform" answer for any other name.
// Written for conform from lodash's documented behaviour; no lodash source is copied.
(function (G) {
  'use strict';
  var _ = G.__libs.lodash, I = _.__internal, hasOwn = Object.prototype.hasOwnProperty;
  delete _.__internal;
  var each = I.each, keys = I.keys, iteratee = I.iteratee, toInteger = I.toInteger, toNumber = I.toNumber;
  var toStr = I.toString, flatten = I.flatten, pathOf = I.pathOf, toPath = I.toPath;
  var get = _.get, isObject = _.isObject, isPlainObject = _.isPlainObject, identity = _.identity;

  // ---- Object ----
  function hasPath(o, p, inherited) {
    var path = pathOf(o, p);
    if (!path.length) { return false; }
    for (var i = 0; i < path.length; i++) {
      if (o == null) { return false; }
      var k = path[i], box = Object(o);
      if (inherited ? !(k in box) : !hasOwn.call(box, k)) { return false; }
      o = box[k];
    }
    return true;
  }
  function setPath(o, p, v, customizer) {
    if (!isObject(o)) { return o; }
    var path = pathOf(o, p), cur = o;
    for (var i = 0; i < path.length; i++) {
      var k = path[i];
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') { return o; }
      if (i === path.length - 1) { cur[k] = v; break; }
      var next = cur[k];
      if (!isObject(next)) {
        var made = customizer ? customizer(next, k, cur) : undefined;
        next = made !== undefined ? made : /^(?:0|[1-9]\d*)$/.test(String(path[i + 1])) ? [] : {};
        cur[k] = next;
      }
      cur = next;
    }
    return o;
  }
  function pickBy(o, f) {
    var out = {};
    if (o == null) { return out; }
    for (var k in o) { if (f(o[k], k)) { out[k] = o[k]; } }
    return out;
  }
  function mergeInto(target, src, customizer, seen) {
    if (src == null) { return target; }
    Object.keys(Object(src)).forEach(function (k) {
      var sv = src[k], tv = target[k];
      var custom = customizer ? customizer(tv, sv, k, target, src) : undefined;
      if (custom !== undefined) { target[k] = custom; return; }
      if (isObject(sv) && typeof sv !== 'function' && (Array.isArray(sv) || isPlainObject(sv))) {
        if (seen.indexOf(sv) !== -1) { target[k] = sv; return; }
        var base = Array.isArray(sv) ? (Array.isArray(tv) || _.isArrayLikeObject(tv) ? Array.prototype.slice.call(tv) : [])
          : (isPlainObject(tv) || _.isArguments(tv) || isObject(tv) && typeof tv !== 'function' ? tv : {});
        seen.push(sv);
        target[k] = mergeInto(base, sv, customizer, seen);
        seen.pop();
      } else if (sv !== undefined || !(k in target)) {
        target[k] = sv;
      }
    });
    return target;
  }
  function defaultsInto(target, src, deep) {
    for (var k in Object(src)) {
      var tv = target[k];
      if (tv === undefined || tv === Object.prototype[k] && !hasOwn.call(target, k)) { target[k] = deep && isPlainObject(src[k]) ? _.cloneDeep(src[k]) : src[k]; }
      else if (deep && isPlainObject(tv) && isPlainObject(src[k])) { defaultsInto(tv, src[k], true); }
    }
    return target;
  }
  var object = {
    set: function (o, p, v) { return setPath(o, p, v); },
    setWith: function (o, p, v, c) { return setPath(o, p, v, c); },
    has: function (o, p) { return hasPath(o, p, false); },
    hasIn: function (o, p) { return hasPath(o, p, true); },
    unset: function (o, p) {
      var path = pathOf(o, p), parent = path.length > 1 ? get(o, path.slice(0, -1)) : o;
      return parent == null ? true : delete parent[path[path.length - 1]];
    },
    update: function (o, p, f) { return setPath(o, p, f(get(o, p))); },
    result: function (o, p, dflt) {
      var path = pathOf(o, p), v = o;
      if (!path.length) { return typeof dflt === 'function' ? dflt.call(o) : dflt; }
      for (var i = 0; i < path.length; i++) {
        var parent = v;
        v = v == null ? undefined : v[path[i]];
        if (v === undefined) { v = dflt; i = path.length; }
        if (typeof v === 'function') { v = v.call(parent); }
      }
      return v;
    },
    at: function (o) { return flatten([].slice.call(arguments, 1), Infinity).map(function (p) { return get(o, p); }); },
    entries: function (o) { return keys(o).map(function (k) { return [k, o[k]]; }); },
    entriesIn: function (o) { return _.keysIn(o).map(function (k) { return [k, o[k]]; }); },
    assign: function (t) { t = Object(t); for (var i = 1; i < arguments.length; i++) { var s = arguments[i]; if (s != null) { keys(s).forEach(function (k) { t[k] = s[k]; }); } } return t; },
    assignIn: function (t) { t = Object(t); for (var i = 1; i < arguments.length; i++) { for (var k in Object(arguments[i])) { t[k] = arguments[i][k]; } } return t; },
    defaults: function (t) { t = Object(t); for (var i = 1; i < arguments.length; i++) { defaultsInto(t, arguments[i], false); } return t; },
    defaultsDeep: function (t) { t = Object(t); for (var i = 1; i < arguments.length; i++) { defaultsInto(t, arguments[i], true); } return t; },
    merge: function (t) { t = Object(t); for (var i = 1; i < arguments.length; i++) { mergeInto(t, arguments[i], null, []); } return t; },
    mergeWith: function (t) {
      var srcs = [].slice.call(arguments, 1), c = typeof srcs[srcs.length - 1] === 'function' ? srcs.pop() : null;
      t = Object(t);
      srcs.forEach(function (s) { mergeInto(t, s, c, []); });
      return t;
    },
    pick: function (o) {
      var out = {};
      if (o == null) { return out; }
      flatten([].slice.call(arguments, 1), Infinity).forEach(function (p) { if (hasPath(o, p, true)) { setPath(out, p, get(o, p)); } });
      return out;
    },
    pickBy: function (o, f) { f = iteratee(f); return pickBy(o, function (v, k) { return f(v, k); }); },
    omit: function (o) {
      if (o == null) { return {}; }
      var out = _.cloneDeep(_.toPlainObject(o));
      flatten([].slice.call(arguments, 1), Infinity).forEach(function (p) { object.unset(out, p); });
      return out;
    },
    omitBy: function (o, f) { f = iteratee(f); return pickBy(o, function (v, k) { return !f(v, k); }); },
    mapValues: function (o, f) { f = iteratee(f); var out = {}; each(Object(o), function (v, k) { out[k] = f(v, k, o); }); return out; },
    mapKeys: function (o, f) { f = iteratee(f); var out = {}; each(Object(o), function (v, k) { out[f(v, k, o)] = v; }); return out; },
    invert: function (o) { var out = {}; keys(o).forEach(function (k) { out[o[k]] = k; }); return out; },
    invertBy: function (o, f) { f = iteratee(f); var out = {}; keys(o).forEach(function (k) { var g = f(o[k]); (hasOwn.call(out, g) ? out[g] : (out[g] = [])).push(k); }); return out; },
    findKey: function (o, f) { f = iteratee(f); var r; each(Object(o), function (v, k) { if (f(v, k, o)) { r = k; return false; } }); return r; },
    findLastKey: function (o, f) { f = iteratee(f); var r; each(Object(o), function (v, k) { if (f(v, k, o)) { r = k; return false; } }, true); return r; },
    forOwn: function (o, f) { f = f || identity; keys(o).every(function (k) { return f(o[k], k, o) !== false; }); return o; },
    forIn: function (o, f) { f = f || identity; for (var k in Object(o)) { if (f(o[k], k, o) === false) { break; } } return o; },
    functions: function (o) { return keys(o).filter(function (k) { return typeof o[k] === 'function'; }); },
    transform: function (o, f, acc) {
      if (acc === undefined) { acc = Array.isArray(o) ? [] : isObject(o) ? Object.create(Object.getPrototypeOf(o)) : {}; }
      each(o, function (v, k) { return f(acc, v, k, o); });
      return acc;
    },
    create: function (proto, props) { return _.assign(Object.create(proto), props); },
    toPairs: function (o) { return object.entries(o); },
    toPairsIn: function (o) { return object.entriesIn(o); },
    valuesIn: function (o) { return _.keysIn(o).map(function (k) { return o[k]; }); }
  };
  object.extend = object.assignIn;

  // ---- String ----
  function words(s, pattern) {
    s = toStr(s);
    if (pattern !== undefined) { return s.match(pattern) || []; }
    return s.match(/[A-Z\xc0-\xd6\xd8-\xde]?[a-z\xdf-\xf6\xf8-\xff]+(?:['\u2019](?:d|ll|m|re|s|t|ve))?(?=[\s\W_]|[A-Z\xc0-\xd6\xd8-\xde]|\d|$)|[A-Z\xc0-\xd6\xd8-\xde]+(?:['\u2019](?:D|LL|M|RE|S|T|VE))?(?=[\s\W_]|[A-Z\xc0-\xd6\xd8-\xde][a-z\xdf-\xf6\xf8-\xff]|\d|$)|[A-Z\xc0-\xd6\xd8-\xde]?[a-z\xdf-\xf6\xf8-\xff]+|[A-Z\xc0-\xd6\xd8-\xde]+|\d*(?:1ST|2ND|3RD|(?![123])\dTH)(?=\b|[a-z_])|\d*(?:1st|2nd|3rd|(?![123])\dth)(?=\b|[A-Z_])|\d+/g) || [];
  }
  function upperFirst(s) { s = toStr(s); return s.charAt(0).toUpperCase() + s.slice(1); }
  function lowerFirst(s) { s = toStr(s); return s.charAt(0).toLowerCase() + s.slice(1); }
  function compound(join) {
    return function (s) {
      return words(toStr(s).replace(/['\u2019]/g, '')).reduce(function (acc, w, i) { return join(acc, w, i); }, '');
    };
  }
  function padding(n, chars) {
    chars = chars === undefined ? ' ' : toStr(chars);
    if (!chars || n <= 0) { return ''; }
    var s = chars.repeat(Math.ceil(n / chars.length));
    return s.slice(0, n);
  }
  var HTML_ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  var HTML_UNESC = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  function trimChars(s, chars, start, end) {
    s = toStr(s);
    if (chars === undefined) { return start && end ? s.trim() : start ? s.replace(/^\s+/, '') : s.replace(/\s+$/, ''); }
    var set = toStr(chars), a = 0, b = s.length;
    while (start && a < b && set.indexOf(s[a]) !== -1) { a++; }
    while (end && b > a && set.indexOf(s[b - 1]) !== -1) { b--; }
    return s.slice(a, b);
  }
  var string = {
    camelCase: compound(function (acc, w, i) { w = w.toLowerCase(); return acc + (i ? upperFirst(w) : w); }),
    kebabCase: compound(function (acc, w, i) { return acc + (i ? '-' : '') + w.toLowerCase(); }),
    snakeCase: compound(function (acc, w, i) { return acc + (i ? '_' : '') + w.toLowerCase(); }),
    lowerCase: compound(function (acc, w, i) { return acc + (i ? ' ' : '') + w.toLowerCase(); }),
    upperCase: compound(function (acc, w, i) { return acc + (i ? ' ' : '') + w.toUpperCase(); }),
    startCase: compound(function (acc, w, i) { return acc + (i ? ' ' : '') + upperFirst(w); }),
    capitalize: function (s) { return upperFirst(toStr(s).toLowerCase()); },
    upperFirst: upperFirst, lowerFirst: lowerFirst,
    words: words,
    startsWith: function (s, t, pos) { s = toStr(s); pos = pos === undefined ? 0 : Math.min(Math.max(toInteger(pos), 0), s.length); return s.slice(pos, pos + toStr(t).length) === toStr(t); },
    endsWith: function (s, t, pos) { s = toStr(s); t = toStr(t); pos = pos === undefined ? s.length : Math.min(Math.max(toInteger(pos), 0), s.length); return s.slice(pos - t.length, pos) === t; },
    pad: function (s, n, chars) {
      s = toStr(s);
      var len = Array.from(s).length, total = toInteger(n) - len;
      if (total <= 0) { return s; }
      var left = Math.floor(total / 2);
      return padding(left, chars) + s + padding(total - left, chars);
    },
    padStart: function (s, n, chars) { s = toStr(s); return padding(toInteger(n) - Array.from(s).length, chars) + s; },
    padEnd: function (s, n, chars) { s = toStr(s); return s + padding(toInteger(n) - Array.from(s).length, chars); },
    repeat: function (s, n) { n = n === undefined ? 1 : toInteger(n); return n < 1 ? '' : toStr(s).repeat(n); },
    replace: function (s, pattern, rep) { return toStr(s).replace(pattern, rep); },
    split: function (s, sep, limit) { return toStr(s).split(sep, limit === undefined ? undefined : limit >>> 0); },
    trim: function (s, chars) { return trimChars(s, chars, true, true); },
    trimStart: function (s, chars) { return trimChars(s, chars, true, false); },
    trimEnd: function (s, chars) { return trimChars(s, chars, false, true); },
    toLower: function (s) { return toStr(s).toLowerCase(); },
    toUpper: function (s) { return toStr(s).toUpperCase(); },
    truncate: function (s, opts) {
      s = toStr(s); opts = opts || {};
      var len = opts.length === undefined ? 30 : toInteger(opts.length), omission = opts.omission === undefined ? '...' : toStr(opts.omission);
      if (s.length <= len) { return s; }
      var end = len - omission.length;
      if (end < 1) { return omission; }
      var cut = s.slice(0, end), sep = opts.separator;
      if (sep !== undefined) {
        if (typeof sep === 'string') { var at = cut.lastIndexOf(sep); if (at > -1) { cut = cut.slice(0, at); } }
        else {
          var re = new RegExp(sep.source, sep.flags.indexOf('g') === -1 ? sep.flags + 'g' : sep.flags), m, last;
          while ((m = re.exec(cut)) !== null) { last = m.index; if (!m[0]) { re.lastIndex++; } }
          if (last !== undefined) { cut = cut.slice(0, last); }
        }
      }
      return cut + omission;
    },
    escape: function (s) { return toStr(s).replace(/[&<>"']/g, function (c) { return HTML_ESC[c]; }); },
    unescape: function (s) { return toStr(s).replace(/&(?:amp|lt|gt|quot|#39);/g, function (e) { return HTML_UNESC[e]; }); },
    escapeRegExp: function (s) { return toStr(s).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'); },
    parseInt: function (s, radix) { return parseInt(toStr(s).replace(/^\s+/, ''), +radix || 0); }
  };

  // ---- Math ----
  function by(c, f, pick) {
    f = iteratee(f);
    var best, bestV;
    each(c, function (v) {
      var x = f(v);
      if (x != null && x === x && typeof x !== 'symbol' && (bestV === undefined || pick(x, bestV))) { best = v; bestV = x; }
    });
    return best;
  }
  function sumBy(c, f) {
    f = iteratee(f);
    var total, any = false;
    each(c, function (v) { var x = f(v); if (x !== undefined) { total = any ? total + x : x; any = true; } });
    return any ? total : 0;
  }
  function rounder(method) {
    return function (n, precision) {
      n = toNumber(n);
      precision = precision == null ? 0 : Math.min(toInteger(precision), 292);
      if (!precision || !isFinite(n)) { return Math[method](n); }
      var p = String(n).split('e'), v = Math[method](+(p[0] + 'e' + (+(p[1] || 0) + precision)));
      p = String(v).split('e');
      return +(p[0] + 'e' + (+(p[1] || 0) - precision));
    };
  }
  var math = {
    add: function (a, b) { return a === undefined && b === undefined ? 0 : a === undefined ? b : b === undefined ? a : a + b; },
    subtract: function (a, b) { return a === undefined && b === undefined ? 0 : a === undefined ? b : b === undefined ? a : a - b; },
    multiply: function (a, b) { return a === undefined && b === undefined ? 1 : a === undefined ? b : b === undefined ? a : a * b; },
    divide: function (a, b) { return a === undefined && b === undefined ? 1 : a === undefined ? b : b === undefined ? a : a / b; },
    sum: function (a) { return sumBy(a, identity); },
    sumBy: sumBy,
    mean: function (a) { return math.meanBy(a, identity); },
    meanBy: function (a, f) { var n = _.size(a); return n ? sumBy(a, f) / n : NaN; },
    max: function (a) { return by(a, identity, function (x, y) { return x > y; }); },
    maxBy: function (a, f) { return by(a, f, function (x, y) { return x > y; }); },
    min: function (a) { return by(a, identity, function (x, y) { return x < y; }); },
    minBy: function (a, f) { return by(a, f, function (x, y) { return x < y; }); },
    round: rounder('round'), ceil: rounder('ceil'), floor: rounder('floor'),
    clamp: function (n, lo, hi) {
      if (hi === undefined) { hi = lo; lo = undefined; }
      n = toNumber(n);
      if (hi !== undefined) { hi = toNumber(hi); hi = hi === hi ? hi : 0; n = n <= hi ? n : hi; }
      if (lo !== undefined) { lo = toNumber(lo); lo = lo === lo ? lo : 0; n = n >= lo ? n : lo; }
      return n;
    },
    inRange: function (n, start, end) {
      start = I.toFinite(start);
      if (end === undefined) { end = start; start = 0; } else { end = I.toFinite(end); }
      n = toNumber(n);
      return n >= Math.min(start, end) && n < Math.max(start, end);
    },
    random: function (lo, hi, floating) {
      if (typeof hi === 'boolean') { floating = hi; hi = undefined; }
      if (typeof lo === 'boolean') { floating = lo; lo = undefined; }
      if (lo === undefined && hi === undefined) { lo = 0; hi = 1; }
      else { lo = I.toFinite(lo); if (hi === undefined) { hi = lo; lo = 0; } else { hi = I.toFinite(hi); } }
      if (lo > hi) { var t = lo; lo = hi; hi = t; }
      if (floating || lo % 1 || hi % 1) { return lo + Math.random() * (hi - lo); }
      return I.randomInt(lo, hi);
    }
  };

  // ---- Util and Function ----
  var idCounter = 0;
  function range(start, end, step, right) {
    start = I.toFinite(start);
    if (end === undefined) { end = start; start = 0; } else { end = I.toFinite(end); }
    step = step === undefined ? (start < end ? 1 : -1) : I.toFinite(step);
    var n = Math.max(Math.ceil((end - start) / (step || 1)), 0), out = [];
    for (var i = 0; i < n; i++) { out.push(start + i * step); }
    return right ? out.reverse() : out;
  }
  function flow(fs, right) {
    fs = flatten(fs, Infinity);
    if (right) { fs.reverse(); }
    return function () {
      if (!fs.length) { return arguments[0]; }
      var v = fs[0].apply(this, arguments);
      for (var i = 1; i < fs.length; i++) { v = fs[i].call(this, v); }
      return v;
    };
  }
  var util = {
    noop: function () {},
    constant: function (v) { return function () { return v; }; },
    times: function (n, f) { n = toInteger(n); f = typeof f === 'function' ? f : identity; var out = []; for (var i = 0; i < n; i++) { out.push(f(i)); } return out; },
    range: function (s, e, st) { return range(s, e, st, false); },
    rangeRight: function (s, e, st) { return range(s, e, st, true); },
    uniqueId: function (prefix) { return toStr(prefix) + ++idCounter; },
    stubTrue: function () { return true; }, stubFalse: function () { return false; },
    stubArray: function () { return []; }, stubObject: function () { return {}; }, stubString: function () { return ''; },
    flow: function () { return flow([].slice.call(arguments), false); },
    flowRight: function () { return flow([].slice.call(arguments), true); },
    attempt: function (f) { try { return f.apply(undefined, [].slice.call(arguments, 1)); } catch (e) { return e instanceof Error ? e : new Error(e); } },
    defaultTo: function (v, d) { return v == null || v !== v ? d : v; },
    nthArg: function (n) { n = toInteger(n); return function () { return _.nth(arguments, n); }; },
    conforms: function (src) { return function (o) { return _.conformsTo(o, src); }; },
    method: function (p) { var args = [].slice.call(arguments, 1); return function (o) { var f = get(o, p); return f == null ? undefined : f.apply(o, args); }; },
    propertyOf: function (o) { return function (p) { return get(o, p); }; },
    now: function () { return Date.now(); },
    once: function (f) { var done = false, r; return function () { if (!done) { done = true; r = f.apply(this, arguments); } return r; }; },
    before: function (n, f) { var r; return function () { if (--n > 0) { r = f.apply(this, arguments); } return r; }; },
    after: function (n, f) { return function () { if (--n < 1) { return f.apply(this, arguments); } }; },
    negate: function (f) { return function () { return !f.apply(this, arguments); }; },
    memoize: function (f, resolver) {
      var m = function () { var k = resolver ? resolver.apply(this, arguments) : arguments[0]; if (m.cache.has(k)) { return m.cache.get(k); } var r = f.apply(this, arguments); m.cache.set(k, r); return r; };
      m.cache = new Map();
      return m;
    },
    partial: function (f) { var pre = [].slice.call(arguments, 1); return function () { return f.apply(this, pre.concat([].slice.call(arguments))); }; },
    partialRight: function (f) { var post = [].slice.call(arguments, 1); return function () { return f.apply(this, [].slice.call(arguments).concat(post)); }; },
    bind: function (f, self) { var pre = [].slice.call(arguments, 2); return function () { return f.apply(self, pre.concat([].slice.call(arguments))); }; },
    ary: function (f, n) { n = n === undefined ? f.length : toInteger(n); return function () { return f.apply(this, [].slice.call(arguments, 0, n)); }; },
    unary: function (f) { return function (a) { return f.call(this, a); }; },
    rest: function (f, start) { start = start === undefined ? f.length - 1 : toInteger(start); return function () { var a = [].slice.call(arguments, 0, start); a.push([].slice.call(arguments, start)); return f.apply(this, a); }; },
    spread: function (f) { return function (a) { return f.apply(this, a); }; },
    flip: function (f) { return function () { return f.apply(this, [].slice.call(arguments).reverse()); }; },
    wrap: function (v, f) { return function () { return f.apply(this, [v].concat([].slice.call(arguments))); }; },
    delay: function (f, ms) { var args = [].slice.call(arguments, 2); return G.setTimeout(function () { f.apply(undefined, args); }, toNumber(ms) || 0); },
    defer: function (f) { var args = [].slice.call(arguments, 1); return G.setTimeout(function () { f.apply(undefined, args); }, 1); },
    debounce: function (f, wait) { var t; return function () { var self = this, args = arguments; G.clearTimeout(t); t = G.setTimeout(function () { f.apply(self, args); }, wait); }; },
    throttle: function (f) { return util.once(f); },
    template: function () { throw new Error('_.template is not supported by conform'); },
    mixin: function (o, src) {
      if (src === undefined) { src = o; o = _; }
      keys(src).forEach(function (k) { if (typeof src[k] === 'function') { o[k] = src[k]; if (o === _) { addChainMethod(k); } } });
      return o;
    },
    tap: function (v, f) { f(v); return v; },
    thru: function (v, f) { return f(v); },
    chain: function (v) { var w = _(v); w.__chain = true; return w; },
    noConflict: function () { return _; },
    runInContext: function () { return _; }
  };

  I.assignAll(_, object, string, math, util);
  _.toPath = toPath;
  _.VERSION = '4.17.21';
  _.templateSettings = { escape: /<%-([\s\S]+?)%>/g, evaluate: /<%([\s\S]+?)%>/g, interpolate: /<%=([\s\S]+?)%>/g, variable: '' };

  // ---- chaining: `_(x).map(f).value()` (implicit) and `_.chain(x)…value()` (explicit) ----
  var Wrapper = _.__Wrapper;
  delete _.__Wrapper;
  // Implicit chains stop at methods that return one value, as lodash's do.
  var SINGLE = /^(?:is|has|to[A-Z]|find|every|some|includes|reduce|head|first|last|nth|join|max|min|sum|mean|size|eq|gt|lt|get|result|add|subtract|multiply|divide|round|ceil|floor|clamp|inRange|random|sample$|indexOf|lastIndexOf|sortedIndex|camelCase|kebabCase|snakeCase|startCase|lowerCase|upperCase|capitalize|upperFirst|lowerFirst|pad|repeat|replace|trim|escape|unescape|truncate|startsWith|endsWith|parseInt|identity|uniqueId|attempt|defaultTo|now|clone|isEqual|words)/;
  function addChainMethod(name) {
    var f = _[name];
    Wrapper.prototype[name] = function () {
      var r = f.apply(_, [this.__v].concat([].slice.call(arguments)));
      if (!this.__chain && SINGLE.test(name) && name !== 'words') { return r; }
      var w = new Wrapper(r, this.__chain);
      return w;
    };
  }
  Object.keys(_).forEach(function (k) { if (typeof _[k] === 'function' && k !== 'chain') { addChainMethod(k); } });
  Wrapper.prototype.value = function () { return this.__v; };
  Wrapper.prototype.valueOf = Wrapper.prototype.value;
  Wrapper.prototype.toJSON = Wrapper.prototype.value;
  Wrapper.prototype.commit = function () { return this; };
  Wrapper.prototype.chain = function () { this.__chain = true; return this; };
  Wrapper.prototype.toString = function () { return String(this.__v); };
  Wrapper.prototype.run = Wrapper.prototype.value;

  G.__unsupportedIn(_, '_', Function.prototype);
  G.__unsupportedIn(Wrapper.prototype, '_(…)', Object.prototype);
})(globalThis);
