// lodash 4 for scripts, part 1: helpers, Lang, Collection and Array functions with lodash's
// semantics (iteratee shorthands, array-likes, objects iterated by own enumerable keys).
// Written for conform from lodash's documented behaviour; no lodash source is copied.
// Loaded on first use of `_` / require('lodash'); lodash_more.js completes the object.
(function (G) {
  'use strict';
  var hasOwn = Object.prototype.hasOwnProperty, toStr = Object.prototype.toString;
  var MAX_SAFE = 9007199254740991;

  function _(value) { return value instanceof Wrapper ? value : new Wrapper(value, false); }
  function Wrapper(value, explicit) { this.__v = value; this.__chain = explicit; }
  _.__Wrapper = Wrapper;

  // ---- type checks used everywhere ----
  function tag(v) { return toStr.call(v); }
  function isObject(v) { var t = typeof v; return v !== null && (t === 'object' || t === 'function'); }
  function isObjectLike(v) { return v !== null && typeof v === 'object'; }
  function isLength(n) { return typeof n === 'number' && n > -1 && n % 1 === 0 && n <= MAX_SAFE; }
  function isArrayLike(v) { return v != null && typeof v !== 'function' && isLength(v.length); }
  function isPlainObject(v) {
    if (!isObjectLike(v) || tag(v) !== '[object Object]') { return false; }
    var p = Object.getPrototypeOf(v);
    return p === null || p === Object.prototype || Object.getPrototypeOf(p) === null;
  }
  function isArguments(v) { return isObjectLike(v) && tag(v) === '[object Arguments]'; }
  function isTypedArray(v) { return ArrayBuffer.isView(v) && !(v instanceof DataView); }
  function isIndex(k, len) { return /^(?:0|[1-9]\d*)$/.test(String(k)) && Number(k) < len; }

  // ---- keys and iteration ----
  function keys(o) {
    if (o == null) { return []; }
    if (typeof o === 'string') { return o.split('').map(function (c, i) { return String(i); }); }
    if (isArrayLike(o)) {
      var out = [];
      for (var i = 0; i < o.length; i++) { out.push(String(i)); }
      for (var k in o) { if (hasOwn.call(o, k) && !isIndex(k, o.length) && k !== 'length') { out.push(k); } }
      return out;
    }
    return Object.keys(Object(o));
  }
  function keysIn(o) {
    var out = [];
    if (o == null) { return out; }
    for (var k in Object(o)) { out.push(k); }
    return out;
  }
  function values(o) { var ks = keys(o), src = Object(o); return ks.map(function (k) { return src[k]; }); }
  function toList(c) {
    if (c == null) { return []; }
    if (typeof c === 'string') { return Array.from(c); }
    if (isArrayLike(c)) { return Array.prototype.slice.call(c); }
    return values(c);
  }
  // Calls fn(value, key, collection) until it returns false; keys are numbers for array-likes.
  function each(c, fn, right) {
    if (c == null) { return c; }
    if (isArrayLike(c)) {
      var s = typeof c === 'string' ? Array.from(c) : c, n = s.length, i;
      if (right) { for (i = n - 1; i >= 0; i--) { if (fn(s[i], i, c) === false) { break; } } }
      else { for (i = 0; i < n; i++) { if (fn(s[i], i, c) === false) { break; } } }
      return c;
    }
    var ks = keys(c);
    if (right) { ks.reverse(); }
    for (var j = 0; j < ks.length; j++) { if (fn(c[ks[j]], ks[j], c) === false) { break; } }
    return c;
  }

  // ---- paths and iteratee shorthands ----
  function toPath(p) {
    if (Array.isArray(p)) { return p.map(String); }
    if (typeof p === 'symbol') { return [p]; }
    var out = [], s = String(p);
    s.replace(/[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g,
      function (m, num, quote, str) { out.push(quote ? str.replace(/\\(\\)?/g, '$1') : num !== undefined ? num : m); });
    return out;
  }
  function pathOf(o, p) {
    if (Array.isArray(p)) { return p; }
    if (o != null && (typeof p === 'number' || typeof p === 'symbol' || hasOwn.call(Object(o), p))) { return [p]; }
    return toPath(p);
  }
  function get(o, p, dflt) {
    var path = pathOf(o, p), v = o;
    for (var i = 0; i < path.length && v != null; i++) { v = v[path[i]]; }
    if (!path.length) { v = undefined; }
    return v === undefined ? dflt : v;
  }
  function eq(a, b) { return a === b || (a !== a && b !== b); }
  function isEqual(a, b) { return equal(a, b, [], []); }
  function equal(a, b, sa, sb) {
    if (eq(a, b)) { return true; }
    if (a == null || b == null || !isObjectLike(a) && !isObjectLike(b)) { return false; }
    var ta = tag(a);
    if (ta !== tag(b)) { return false; }
    switch (ta) {
      case '[object Number]': case '[object String]': case '[object Boolean]': case '[object Date]':
        return eq(+a, +b) || ta === '[object String]' && String(a) === String(b);
      case '[object RegExp]': return String(a) === String(b);
      case '[object Error]': return a.name === b.name && a.message === b.message;
    }
    for (var s = 0; s < sa.length; s++) { if (sa[s] === a) { return sb[s] === b; } }
    sa.push(a); sb.push(b);
    var ok = true;
    if (Array.isArray(a) || isTypedArray(a) || isArguments(a)) {
      ok = a.length === b.length;
      for (var i = 0; ok && i < a.length; i++) { ok = equal(a[i], b[i], sa, sb); }
    } else if (a instanceof Map || a instanceof Set) {
      ok = a.size === b.size && equal(Array.from(a), Array.from(b), sa, sb);
    } else {
      if (ta === '[object Object]' && a.constructor !== b.constructor &&
          typeof a.constructor === 'function' && typeof b.constructor === 'function' &&
          !(a.constructor === Object || b.constructor === Object)) { ok = false; }
      var ka = Object.keys(a), kb = Object.keys(b);
      ok = ok && ka.length === kb.length;
      for (var j = 0; ok && j < ka.length; j++) { ok = hasOwn.call(b, ka[j]) && equal(a[ka[j]], b[ka[j]], sa, sb); }
    }
    sa.pop(); sb.pop();
    return ok;
  }
  function isMatch(o, src) {
    if (o === src) { return true; }
    var ks = keys(src);
    if (o == null) { return !ks.length; }
    o = Object(o);
    for (var i = 0; i < ks.length; i++) {
      var k = ks[i], sv = src[k];
      if (!(k in o)) { return false; }
      var ov = o[k];
      if (isObjectLike(sv) && !Array.isArray(sv) && isObjectLike(ov)) { if (!isMatch(ov, sv)) { return false; } }
      else if (Array.isArray(sv) && Array.isArray(ov)) {
        if (!sv.every(function (x) { return ov.some(function (y) { return isObjectLike(x) ? isMatch(y, x) : eq(x, y); }); })) { return false; }
      } else if (!equal(ov, sv, [], [])) { return false; }
    }
    return true;
  }
  function property(p) { return function (o) { return get(o, p); }; }
  function matches(src) { src = cloneDeep(src); return function (o) { return isMatch(o, src); }; }
  function matchesProperty(p, v) {
    return function (o) { var x = get(o, p); return isObjectLike(v) ? isMatch(x, v) : equal(x, v, [], []); };
  }
  function identity(v) { return v; }
  function iteratee(f) {
    if (typeof f === 'function') { return f; }
    if (f == null) { return identity; }
    if (Array.isArray(f)) { return f.length === 2 && !isObjectLike(f[0]) ? matchesProperty(f[0], f[1]) : property(f); }
    if (typeof f === 'object') { return matches(f); }
    return property(f);
  }

  // ---- cloning ----
  function cloneWith(v, deep, seen) {
    if (!isObject(v) || typeof v === 'function') { return v; }
    seen = seen || new Map();
    if (seen.has(v)) { return seen.get(v); }
    var t = tag(v), out;
    if (t === '[object Date]') { return new Date(+v); }
    if (t === '[object RegExp]') { out = new RegExp(v.source, v.flags); out.lastIndex = v.lastIndex; return out; }
    if (t === '[object Number]' || t === '[object String]' || t === '[object Boolean]') { return Object(v.valueOf()); }
    if (isTypedArray(v)) { return v.slice(); }
    if (v instanceof Map) {
      out = new Map(); seen.set(v, out);
      v.forEach(function (x, k) { out.set(k, deep ? cloneWith(x, true, seen) : x); });
      return out;
    }
    if (v instanceof Set) {
      out = new Set(); seen.set(v, out);
      v.forEach(function (x) { out.add(deep ? cloneWith(x, true, seen) : x); });
      return out;
    }
    if (t === '[object Error]' || t === '[object WeakMap]') { return {}; }
    out = Array.isArray(v) ? new Array(v.length) : Object.create(Object.getPrototypeOf(v));
    seen.set(v, out);
    Object.keys(v).forEach(function (k) { out[k] = deep ? cloneWith(v[k], true, seen) : v[k]; });
    return out;
  }
  function clone(v) { return cloneWith(v, false); }
  function cloneDeep(v) { return cloneWith(v, true); }

  // ---- numbers ----
  function toNumber(v) {
    if (typeof v === 'number') { return v; }
    if (typeof v === 'symbol') { return NaN; }
    if (isObject(v)) { var p = typeof v.valueOf === 'function' ? v.valueOf() : v; v = isObject(p) ? String(p) : p; }
    if (typeof v !== 'string') { return v === 0 ? v : +v; }
    v = v.trim();
    if (/^0b[01]+$/i.test(v)) { return parseInt(v.slice(2), 2); }
    if (/^0o[0-7]+$/i.test(v)) { return parseInt(v.slice(2), 8); }
    if (/^[-+]0x[0-9a-f]+$/i.test(v)) { return NaN; }
    return +v;
  }
  function toFinite(v) {
    if (!v) { return v === 0 ? v : 0; }
    v = toNumber(v);
    if (v === Infinity || v === -Infinity) { return (v < 0 ? -1 : 1) * Number.MAX_VALUE; }
    return v === v ? v : 0;
  }
  function toInteger(v) { var r = toFinite(v), rem = r % 1; return rem === rem ? (rem ? r - rem : r) : 0; }
  function toString(v) {
    if (v == null) { return ''; }
    if (typeof v === 'string') { return v; }
    if (Array.isArray(v)) { return v.map(function (x) { return x == null ? x : toString(x); }).join(','); }
    if (typeof v === 'symbol') { return v.toString(); }
    var s = String(v);
    return s === '0' && 1 / v === -Infinity ? '-0' : s;
  }

  var lang = {
    isArray: Array.isArray, isObject: isObject, isObjectLike: isObjectLike, isPlainObject: isPlainObject,
    isArrayLike: isArrayLike, isArguments: isArguments, isLength: isLength, isTypedArray: isTypedArray,
    isArrayLikeObject: function (v) { return isObjectLike(v) && isArrayLike(v); },
    isString: function (v) { return typeof v === 'string' || isObjectLike(v) && tag(v) === '[object String]'; },
    isNumber: function (v) { return typeof v === 'number' || isObjectLike(v) && tag(v) === '[object Number]'; },
    isBoolean: function (v) { return v === true || v === false || isObjectLike(v) && tag(v) === '[object Boolean]'; },
    isFunction: function (v) { return typeof v === 'function'; },
    isDate: function (v) { return isObjectLike(v) && tag(v) === '[object Date]'; },
    isRegExp: function (v) { return isObjectLike(v) && tag(v) === '[object RegExp]'; },
    isError: function (v) { return isObjectLike(v) && (tag(v) === '[object Error]' || typeof v.message === 'string' && typeof v.name === 'string' && !isPlainObject(v)); },
    isSymbol: function (v) { return typeof v === 'symbol'; },
    isMap: function (v) { return v instanceof Map; }, isSet: function (v) { return v instanceof Set; },
    isWeakMap: function (v) { return v instanceof WeakMap; }, isWeakSet: function (v) { return v instanceof WeakSet; },
    isArrayBuffer: function (v) { return v instanceof ArrayBuffer; },
    isBuffer: function (v) { return !!(G.Buffer && G.Buffer.isBuffer && v instanceof Uint8Array && G.Buffer.isBuffer(v)); },
    isElement: function () { return false; },
    isNull: function (v) { return v === null; }, isUndefined: function (v) { return v === undefined; },
    isNil: function (v) { return v == null; },
    isNaN: function (v) { return lang.isNumber(v) && +v !== +v; },
    isFinite: function (v) { return typeof v === 'number' && isFinite(v); },
    isInteger: function (v) { return typeof v === 'number' && v === toInteger(v); },
    isSafeInteger: function (v) { return Number.isSafeInteger(v); },
    isNative: function (v) { return typeof v === 'function' && /\[native code\]/.test(Function.prototype.toString.call(v)); },
    isEmpty: function (v) {
      if (v == null) { return true; }
      if (isArrayLike(v) && (Array.isArray(v) || typeof v === 'string' || isArguments(v) || isTypedArray(v) || typeof v.splice === 'function')) { return !v.length; }
      if (v instanceof Map || v instanceof Set) { return !v.size; }
      for (var k in v) { if (hasOwn.call(v, k)) { return false; } }
      return true;
    },
    isEqual: isEqual,
    isEqualWith: function (a, b, fn) { var r = typeof fn === 'function' ? fn(a, b) : undefined; return r === undefined ? isEqual(a, b) : !!r; },
    isMatch: isMatch,
    eq: eq,
    gt: function (a, b) { return a > b; }, gte: function (a, b) { return a >= b; },
    lt: function (a, b) { return a < b; }, lte: function (a, b) { return a <= b; },
    clone: clone, cloneDeep: cloneDeep,
    cloneWith: function (v, fn) { var r = fn ? fn(v) : undefined; return r === undefined ? clone(v) : r; },
    cloneDeepWith: function (v, fn) { var r = fn ? fn(v) : undefined; return r === undefined ? cloneDeep(v) : r; },
    castArray: function () { if (!arguments.length) { return []; } var v = arguments[0]; return Array.isArray(v) ? v : [v]; },
    toArray: function (v) {
      if (!v) { return []; }
      if (v instanceof Map || v instanceof Set) { return Array.from(v instanceof Map ? v.entries() : v.values()); }
      return toList(v);
    },
    toNumber: toNumber, toFinite: toFinite, toInteger: toInteger, toString: toString,
    toSafeInteger: function (v) { return Math.min(Math.max(toInteger(v), -MAX_SAFE), MAX_SAFE); },
    toLength: function (v) { var n = toInteger(v); return n < 0 ? 0 : Math.min(n, 4294967295); },
    toPlainObject: function (v) { var o = {}; for (var k in Object(v)) { o[k] = v[k]; } return o; },
    conformsTo: function (o, src) { return keys(src).every(function (k) { return o != null && src[k](o[k]); }); }
  };

  // ---- Collection ----
  function mapC(c, f) { f = iteratee(f); var out = []; each(c, function (v, k, o) { out.push(f(v, k, o)); }); return out; }
  function filterC(c, f, keep) {
    f = iteratee(f);
    var out = [];
    each(c, function (v, k, o) { if (!!f(v, k, o) === keep) { out.push(v); } });
    return out;
  }
  function findC(c, f, from, right) {
    f = iteratee(f);
    var list = isArrayLike(c) ? c : null, found;
    if (list) {
      var n = list.length, i = from === undefined ? (right ? n - 1 : 0) : toInteger(from);
      if (i < 0) { i = Math.max(n + i, 0); }
      for (; right ? i >= 0 : i < n; right ? i-- : i++) { if (f(list[i], i, c)) { return list[i]; } }
      return undefined;
    }
    each(c, function (v, k, o) { if (f(v, k, o)) { found = v; return false; } }, right);
    return found;
  }
  function reduceC(c, f, acc, right, hasAcc) {
    var init = !hasAcc;
    each(c, function (v, k, o) { if (init) { acc = v; init = false; } else { acc = f(acc, v, k, o); } }, right);
    return acc;
  }
  function compareValues(a, b) {
    if (a === b) { return 0; }
    var au = a === undefined, an = a === null, ann = a !== a, bu = b === undefined, bn = b === null, bnn = b !== b;
    if (au || bu || an || bn || ann || bnn) {
      var rank = function (u, n, nn) { return u ? 3 : nn ? 2 : n ? 1 : 0; };
      return rank(au, an, ann) - rank(bu, bn, bnn);
    }
    return a > b ? 1 : a < b ? -1 : 0;
  }
  function orderBy(c, fs, orders) {
    fs = (fs == null ? [identity] : Array.isArray(fs) ? (fs.length ? fs : [identity]) : [fs]).map(iteratee);
    orders = orders == null ? [] : Array.isArray(orders) ? orders : [orders];
    var rows = [];
    each(c, function (v) { rows.push({ v: v, i: rows.length, k: fs.map(function (f) { return f(v); }) }); });
    rows.sort(function (a, b) {
      for (var j = 0; j < fs.length; j++) {
        var r = compareValues(a.k[j], b.k[j]);
        if (r) { return String(orders[j]).toLowerCase() === 'desc' ? -r : r; }
      }
      return a.i - b.i;
    });
    return rows.map(function (r) { return r.v; });
  }
  function groupInto(c, f, add) {
    f = iteratee(f);
    var out = {};
    each(c, function (v) { add(out, String(f(v)), v); });
    return out;
  }
  function randomInt(lo, hi) { return lo + Math.floor(Math.random() * (hi - lo + 1)); }
  function shuffle(c) {
    var a = toList(c);
    for (var i = a.length - 1; i > 0; i--) { var j = randomInt(0, i), t = a[i]; a[i] = a[j]; a[j] = t; }
    return a;
  }
  function flatten(a, depth) {
    var out = [];
    (function go(list, d) {
      for (var i = 0; i < list.length; i++) {
        var v = list[i];
        if (d > 0 && (Array.isArray(v) || isArguments(v))) { go(v, d - 1); } else { out.push(v); }
      }
    })(a == null ? [] : Array.prototype.slice.call(a), depth);
    return out;
  }

  var collection = {
    each: function (c, f) { each(c, typeof f === 'function' ? f : identity); return c; },
    eachRight: function (c, f) { each(c, typeof f === 'function' ? f : identity, true); return c; },
    map: mapC,
    filter: function (c, f) { return filterC(c, f, true); },
    reject: function (c, f) { return filterC(c, f, false); },
    find: function (c, f, from) { return findC(c, f, from, false); },
    findLast: function (c, f, from) { return findC(c, f, from, true); },
    some: function (c, f) { f = iteratee(f); var r = false; each(c, function (v, k, o) { if (f(v, k, o)) { r = true; return false; } }); return r; },
    every: function (c, f) { f = iteratee(f); var r = true; each(c, function (v, k, o) { if (!f(v, k, o)) { r = false; return false; } }); return r; },
    reduce: function (c, f, acc) { return reduceC(c, f, acc, false, arguments.length > 2); },
    reduceRight: function (c, f, acc) { return reduceC(c, f, acc, true, arguments.length > 2); },
    includes: function (c, v, from) {
      var list = c == null ? [] : isArrayLike(c) ? c : values(c);
      from = from ? toInteger(from) : 0;
      if (from < 0) { from = Math.max(list.length + from, 0); }
      if (typeof list === 'string') { return list.indexOf(v, from) > -1; }
      for (var i = from; i < list.length; i++) { if (eq(list[i], v)) { return true; } }
      return false;
    },
    size: function (c) {
      if (c == null) { return 0; }
      if (typeof c === 'string') { return Array.from(c).length; }
      if (isArrayLike(c)) { return c.length; }
      if (c instanceof Map || c instanceof Set) { return c.size; }
      return keys(c).length;
    },
    sortBy: function (c) {
      var fs = flatten(Array.prototype.slice.call(arguments, 1), 1);
      return orderBy(c, fs.length ? fs : [identity]);
    },
    orderBy: orderBy,
    groupBy: function (c, f) { return groupInto(c, f, function (o, k, v) { (hasOwn.call(o, k) ? o[k] : (o[k] = [])).push(v); }); },
    keyBy: function (c, f) { return groupInto(c, f, function (o, k, v) { o[k] = v; }); },
    countBy: function (c, f) { return groupInto(c, f, function (o, k) { o[k] = hasOwn.call(o, k) ? o[k] + 1 : 1; }); },
    partition: function (c, f) { f = iteratee(f); var a = [], b = []; each(c, function (v) { (f(v) ? a : b).push(v); }); return [a, b]; },
    sample: function (c) { var a = toList(c); return a.length ? a[randomInt(0, a.length - 1)] : undefined; },
    sampleSize: function (c, n) { n = n === undefined ? 1 : Math.max(toInteger(n), 0); return shuffle(c).slice(0, n); },
    shuffle: shuffle,
    flatMap: function (c, f) { return flatten(mapC(c, f), 1); },
    flatMapDeep: function (c, f) { return flatten(mapC(c, f), Infinity); },
    flatMapDepth: function (c, f, d) { return flatten(mapC(c, f), d === undefined ? 1 : toInteger(d)); },
    invokeMap: function (c, p) {
      var args = Array.prototype.slice.call(arguments, 2);
      return mapC(c, function (v) { var fn = typeof p === 'function' ? p : get(v, p); return fn == null ? undefined : fn.apply(v, args); });
    }
  };
  collection.forEach = collection.each;
  collection.forEachRight = collection.eachRight;

  // ---- Array ----
  function arr(a) { return a == null ? [] : Array.prototype.slice.call(a); }
  function sameValueIn(list, v, cmp) {
    for (var i = 0; i < list.length; i++) { if (cmp ? cmp(v, list[i]) : eq(list[i], v)) { return true; } }
    return false;
  }
  function uniqBy(a, f, cmp) {
    var out = [], seen = [];
    arr(a).forEach(function (v) {
      var k = f ? f(v) : v;
      if (!sameValueIn(seen, k, cmp)) { seen.push(k); out.push(v); }
    });
    return out;
  }
  // Splits (arrays..., iteratee-or-comparator) the way lodash's *By / *With variants take them.
  function lastFn(args, asComparator) {
    var list = Array.prototype.slice.call(args), last = list[list.length - 1], f = null;
    if (list.length > 1 && !isArrayLike(last)) { list.pop(); f = asComparator ? last : iteratee(last); }
    return { arrays: list.filter(isArrayLike).map(arr), f: f };
  }
  function differenceOf(args, comparator) {
    var p = lastFn(args, comparator), base = p.arrays.shift() || [], rest = flatten(p.arrays, 1);
    if (!comparator) {
      var f = p.f || identity, other = rest.map(function (x) { return f(x); });
      return base.filter(function (v) { return !sameValueIn(other, f(v)); });
    }
    return base.filter(function (v) { return !sameValueIn(rest, v, p.f); });
  }
  function intersectionOf(args, comparator) {
    var p = lastFn(args, comparator), f = comparator ? identity : p.f || identity, cmp = comparator ? p.f : null;
    var first = p.arrays.shift() || [];
    return uniqBy(first.filter(function (v) {
      return p.arrays.every(function (o) { return sameValueIn(o.map(function (x) { return f(x); }), f(v), cmp); });
    }), f, cmp);
  }
  function unionOf(args, comparator) {
    var p = lastFn(args, comparator);
    return comparator ? uniqBy(flatten(p.arrays, 1), null, p.f) : uniqBy(flatten(p.arrays, 1), p.f || identity);
  }
  function findIndex(a, f, from, right) {
    f = iteratee(f);
    a = arr(a);
    var n = a.length, i = from === undefined ? (right ? n - 1 : 0) : toInteger(from);
    if (i < 0) { i = right ? n + i : Math.max(n + i, 0); }
    if (right) { i = Math.min(i, n - 1); }
    for (; right ? i >= 0 : i < n; right ? i-- : i++) { if (f(a[i], i, a)) { return i; } }
    return -1;
  }
  function whileIndex(a, f, right) {
    f = iteratee(f);
    var i = right ? a.length - 1 : 0;
    while (right ? i >= 0 : i < a.length) { if (!f(a[i], i, a)) { break; } i += right ? -1 : 1; }
    return i;
  }
  function sortedIndexBy(a, v, f, high) {
    f = iteratee(f);
    var lo = 0, hi = a == null ? 0 : a.length, cv = f(v);
    while (lo < hi) {
      var mid = (lo + hi) >>> 1, m = f(a[mid]);
      if (high ? compareValues(m, cv) <= 0 : compareValues(m, cv) < 0) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }
  function zip() {
    var lists = Array.prototype.slice.call(arguments).filter(isArrayLike), n = 0;
    lists.forEach(function (l) { n = Math.max(n, l.length); });
    var out = [];
    for (var i = 0; i < n; i++) { out.push(lists.map(function (l) { return l[i]; })); }
    return out;
  }
  function nInt(n, dflt) { return n === undefined ? dflt : toInteger(n); }

  var array = {
    chunk: function (a, size) {
      a = arr(a); size = Math.max(nInt(size, 1), 0);
      var out = [];
      if (!size) { return out; }
      for (var i = 0; i < a.length; i += size) { out.push(a.slice(i, i + size)); }
      return out;
    },
    compact: function (a) { return arr(a).filter(Boolean); },
    concat: function () { var out = []; for (var i = 0; i < arguments.length; i++) { out = out.concat(arguments[i]); } return out; },
    difference: function () { return differenceOf([].slice.call(arguments).filter(isArrayLike)); },
    differenceBy: function () { return differenceOf(arguments, false); },
    differenceWith: function () { return differenceOf(arguments, true); },
    drop: function (a, n) { return arr(a).slice(Math.max(nInt(n, 1), 0)); },
    dropRight: function (a, n) { a = arr(a); return a.slice(0, Math.max(a.length - Math.max(nInt(n, 1), 0), 0)); },
    dropWhile: function (a, f) { a = arr(a); return a.slice(whileIndex(a, f, false)); },
    dropRightWhile: function (a, f) { a = arr(a); return a.slice(0, whileIndex(a, f, true) + 1); },
    fill: function (a, v, start, end) {
      if (a == null) { return []; }
      var n = a.length, s = nInt(start, 0), e = end === undefined ? n : toInteger(end);
      if (s < 0) { s = Math.max(n + s, 0); }
      if (e < 0) { e += n; }
      for (var i = s; i < Math.min(e, n); i++) { a[i] = v; }
      return a;
    },
    findIndex: function (a, f, from) { return findIndex(a, f, from, false); },
    findLastIndex: function (a, f, from) { return findIndex(a, f, from, true); },
    head: function (a) { return a != null && a.length ? a[0] : undefined; },
    last: function (a) { return a != null && a.length ? a[a.length - 1] : undefined; },
    initial: function (a) { return arr(a).slice(0, -1); },
    tail: function (a) { return arr(a).slice(1); },
    nth: function (a, n) { a = arr(a); n = nInt(n, 0); return a[n < 0 ? a.length + n : n]; },
    flatten: function (a) { return flatten(a, 1); },
    flattenDeep: function (a) { return flatten(a, Infinity); },
    flattenDepth: function (a, d) { return flatten(a, nInt(d, 1)); },
    fromPairs: function (pairs) { var o = {}; arr(pairs).forEach(function (p) { o[p[0]] = p[1]; }); return o; },
    indexOf: function (a, v, from) {
      a = arr(a);
      var i = from === undefined ? 0 : toInteger(from);
      if (i < 0) { i = Math.max(a.length + i, 0); }
      for (; i < a.length; i++) { if (eq(a[i], v)) { return i; } }
      return -1;
    },
    lastIndexOf: function (a, v, from) {
      a = arr(a);
      var i = from === undefined ? a.length - 1 : toInteger(from);
      if (i < 0) { i = Math.max(a.length + i, -1); }
      for (i = Math.min(i, a.length - 1); i >= 0; i--) { if (eq(a[i], v)) { return i; } }
      return -1;
    },
    intersection: function () { return intersectionOf([].slice.call(arguments).filter(isArrayLike)); },
    intersectionBy: function () { return intersectionOf(arguments, false); },
    intersectionWith: function () { return intersectionOf(arguments, true); },
    join: function (a, sep) { return arr(a).join(sep === undefined ? ',' : sep); },
    pull: function (a) { var vs = [].slice.call(arguments, 1); return array.pullAll(a, vs); },
    pullAll: function (a, vs) {
      if (a == null) { return a; }
      for (var i = a.length - 1; i >= 0; i--) { if (sameValueIn(vs || [], a[i])) { a.splice(i, 1); } }
      return a;
    },
    pullAt: function (a) {
      var idx = flatten([].slice.call(arguments, 1), Infinity).map(Number), out = idx.map(function (i) { return a[i]; });
      idx.slice().sort(function (x, y) { return y - x; }).forEach(function (i, j, all) { if (all[j - 1] !== i) { a.splice(i, 1); } });
      return out;
    },
    remove: function (a, f) {
      f = iteratee(f);
      var out = [], idx = [];
      if (a == null) { return out; }
      for (var i = 0; i < a.length; i++) { if (f(a[i], i, a)) { out.push(a[i]); idx.push(i); } }
      for (var j = idx.length - 1; j >= 0; j--) { a.splice(idx[j], 1); }
      return out;
    },
    reverse: function (a) { return a == null ? a : Array.prototype.reverse.call(a); },
    slice: function (a, s, e) { return arr(a).slice(s === undefined ? 0 : toInteger(s), e === undefined ? undefined : toInteger(e)); },
    sortedIndex: function (a, v) { return sortedIndexBy(a, v, identity, false); },
    sortedIndexBy: function (a, v, f) { return sortedIndexBy(a, v, f, false); },
    sortedLastIndex: function (a, v) { return sortedIndexBy(a, v, identity, true); },
    sortedUniq: function (a) { return uniqBy(a); },
    take: function (a, n) { return arr(a).slice(0, Math.max(nInt(n, 1), 0)); },
    takeRight: function (a, n) { a = arr(a); n = Math.max(nInt(n, 1), 0); return n ? a.slice(-n) : []; },
    takeWhile: function (a, f) { a = arr(a); return a.slice(0, whileIndex(a, f, false)); },
    takeRightWhile: function (a, f) { a = arr(a); return a.slice(whileIndex(a, f, true) + 1); },
    union: function () { return uniqBy(flatten([].slice.call(arguments).filter(isArrayLike), 1)); },
    unionBy: function () { return unionOf(arguments, false); },
    unionWith: function () { return unionOf(arguments, true); },
    uniq: function (a) { return uniqBy(a); },
    uniqBy: function (a, f) { return uniqBy(a, iteratee(f)); },
    uniqWith: function (a, cmp) { return uniqBy(a, null, cmp); },
    zip: zip,
    unzip: function (a) { return zip.apply(null, arr(a)); },
    zipWith: function () {
      var args = [].slice.call(arguments), f = typeof args[args.length - 1] === 'function' ? args.pop() : null;
      var z = zip.apply(null, args);
      return f ? z.map(function (g) { return f.apply(null, g); }) : z;
    },
    zipObject: function (ks, vs) { var o = {}; arr(ks).forEach(function (k, i) { o[k] = vs ? vs[i] : undefined; }); return o; },
    without: function (a) { var vs = [].slice.call(arguments, 1); return arr(a).filter(function (v) { return !sameValueIn(vs, v); }); },
    xor: function () {
      var lists = [].slice.call(arguments).filter(isArrayLike).map(function (l) { return uniqBy(l); }), all = flatten(lists, 1);
      return uniqBy(all.filter(function (v) { return lists.filter(function (l) { return sameValueIn(l, v); }).length === 1; }));
    }
  };
  array.first = array.head;

  function assignAll(target) {
    for (var i = 1; i < arguments.length; i++) {
      var src = arguments[i];
      for (var k in src) { if (hasOwn.call(src, k)) { target[k] = src[k]; } }
    }
    return target;
  }
  assignAll(_, lang, collection, array);
  _.keys = keys; _.keysIn = keysIn; _.values = values; _.get = get; _.toPath = toPath;
  _.identity = identity; _.iteratee = iteratee; _.property = property; _.matches = matches;
  _.matchesProperty = matchesProperty;
  // Shared with lodash_more.js, then removed from `_` there.
  _.__internal = {
    each: each, keys: keys, isArrayLike: isArrayLike, iteratee: iteratee, toPath: toPath, pathOf: pathOf,
    toInteger: toInteger, toNumber: toNumber, toFinite: toFinite, toString: toString, toList: toList,
    flatten: flatten, compareValues: compareValues, isIndex: isIndex, assignAll: assignAll, randomInt: randomInt
  };
  G.__libs.lodash = _;
})(globalThis);
