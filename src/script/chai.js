// conform's chai-compatible BDD assertions (the subset Postman users write), with chai's
// failure wording and its value inspection. Written for conform; not a copy of chai.
// Exposes globalThis.__chai = { Assertion, AssertionError, expect, inspect, objDisplay, deepEqual, type }.
(function (G) {
  'use strict';

  // Values in failure messages are shown whole up to this many characters (chai cuts at 40,
  // which hides the very difference a failed equality is about; issue 13.5).
  var TRUNCATE = 400;

  function AssertionError(message, props) {
    this.message = String(message);
    if (props) { for (var k in props) { this[k] = props[k]; } }
    var e = new Error(this.message);
    this.stack = e.stack;
  }
  AssertionError.prototype = Object.create(Error.prototype);
  AssertionError.prototype.name = 'AssertionError';
  AssertionError.prototype.constructor = AssertionError;

  // ---- type detection (type-detect's answers, lower-cased where chai lower-cases) ----
  function type(v) {
    if (v === null) { return 'null'; }
    var t = typeof v;
    if (t !== 'object' && t !== 'function') { return t; }
    if (Array.isArray(v)) { return 'Array'; }
    var tag = Object.prototype.toString.call(v).slice(8, -1);
    return tag;
  }

  // ---- inspection, following loupe's format (as chai 4 prints values) ----
  var ESC = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', "'": "\\'", '\\': '\\\\' };
  function truncate(s, n) {
    return s.length > n ? s.slice(0, Math.max(0, n - 1)) + '\u2026' : s;
  }
  function quote(s, opts) {
    s = s.replace(/['\\\u0000-\u001f\u007f-\u009f]/g, function (c) {
      return ESC[c] || '\\u' + ('0000' + c.charCodeAt(0).toString(16)).slice(-4);
    });
    if (s.length > opts.truncate - 2) { s = truncate(s, opts.truncate - 2); }
    return "'" + s + "'";
  }
  function inspectNumber(n, opts) {
    var s;
    if (n !== n) { s = 'NaN'; }
    else if (n === Infinity) { s = 'Infinity'; }
    else if (n === -Infinity) { s = '-Infinity'; }
    else if (n === 0) { s = 1 / n === Infinity ? '+0' : '-0'; }
    else { s = String(n); }
    return truncate(s, opts.truncate);
  }
  function inspectList(list, opts, item, sep) {
    sep = sep || ', ';
    var size = list.length;
    if (size === 0) { return ''; }
    var full = opts.truncate, out = '', peek = '', cut = '';
    for (var i = 0; i < size; i++) {
      var last = i + 1 === size, second = i + 2 === size;
      cut = '\u2026(' + (size - i) + ')';
      opts.truncate = full - out.length - (last ? 0 : sep.length);
      var s = peek || item(list[i], opts) + (last ? '' : sep);
      var next = out.length + s.length, withCut = next + cut.length;
      if (last && next > full && out.length + cut.length <= full) { break; }
      if (!last && !second && withCut > full) { break; }
      peek = last ? '' : item(list[i + 1], opts) + (second ? '' : sep);
      if (!last && second && withCut > full && next + peek.length > full) { break; }
      out += s;
      if (!last && !second && next + peek.length >= full) { cut = '\u2026(' + (size - i - 1) + ')'; break; }
      cut = '';
    }
    opts.truncate = full;
    return out + cut;
  }
  function keyText(k, opts) {
    if (typeof k === 'string' && /^[a-zA-Z_][a-zA-Z_0-9]*$/.test(k)) { return k; }
    return typeof k === 'symbol' ? '[' + k.toString() + ']' : quote(String(k), { truncate: Infinity });
  }
  function inspectPair(pair, opts) {
    return keyText(pair[0], opts) + ': ' + inspectValue(pair[1], opts);
  }
  function ownPairs(obj) {
    var keys = Object.keys(obj), syms = Object.getOwnPropertySymbols ? Object.getOwnPropertySymbols(obj) : [];
    var pairs = [];
    for (var i = 0; i < keys.length; i++) { pairs.push([keys[i], obj[keys[i]]]); }
    for (var j = 0; j < syms.length; j++) {
      if (Object.prototype.propertyIsEnumerable.call(obj, syms[j])) { pairs.push([syms[j], obj[syms[j]]]); }
    }
    return pairs;
  }
  function inspectValue(v, opts) {
    switch (typeof v) {
      case 'string': return quote(v, opts);
      case 'number': return inspectNumber(v, opts);
      case 'bigint': return truncate(String(v) + 'n', opts.truncate);
      case 'boolean': return String(v);
      case 'undefined': return 'undefined';
      case 'symbol': return v.toString();
      case 'function': return v.name ? '[Function ' + truncate(v.name, opts.truncate - 11) + ']' : '[Function]';
    }
    if (v === null) { return 'null'; }
    if (opts.seen.indexOf(v) !== -1) { return '[Circular]'; }
    var tag = type(v);
    if (tag === 'Date') {
      return isNaN(v.getTime()) ? 'Invalid Date' : truncate(v.toISOString(), opts.truncate);
    }
    if (tag === 'RegExp') { return truncate(String(v), opts.truncate); }
    if (opts.depth < 0) { return tag === 'Array' ? '[Array]' : '[Object]'; }
    opts.seen.push(v);
    opts.depth--;
    // Brackets and their spaces count against the truncation budget, as in loupe.
    opts.truncate -= 4;
    var s;
    try {
      if (tag === 'Array') {
        var extra = ownPairs(v).filter(function (p) { return !(/^(0|[1-9][0-9]*)$/.test(String(p[0]))); });
        var body = inspectList(v, opts, inspectValue);
        opts.truncate -= body.length;
        var props = extra.length ? inspectList(extra, opts, inspectPair) : '';
        opts.truncate += body.length;
        s = '[ ' + body + (body && props ? ', ' : '') + props + ' ]';
        if (s === '[  ]') { s = '[]'; }
      } else if (tag === 'Map') {
        var entries = [];
        v.forEach(function (val, key) { entries.push([key, val]); });
        s = entries.length ? 'Map{ ' + inspectList(entries, opts, function (p, o) {
          return inspectValue(p[0], o) + ' => ' + inspectValue(p[1], o);
        }) + ' }' : 'Map{}';
      } else if (tag === 'Set') {
        var items = [];
        v.forEach(function (val) { items.push(val); });
        s = items.length ? 'Set{ ' + inspectList(items, opts, inspectValue) + ' }' : 'Set{}';
      } else if (v instanceof Error) {
        var eprops = ownPairs(v).filter(function (p) { return p[0] !== 'stack' && p[0] !== 'message'; });
        s = (v.name || 'Error') + (v.message ? ': ' + v.message : '') +
          (eprops.length ? ' { ' + inspectList(eprops, opts, inspectPair) + ' }' : '');
      } else {
        var pairs = ownPairs(v);
        s = pairs.length ? '{ ' + inspectList(pairs, opts, inspectPair) + ' }' : '{}';
      }
    } finally {
      opts.truncate += 4;
      opts.depth++;
      opts.seen.pop();
    }
    return s;
  }
  function inspect(v, depth, limit) {
    return inspectValue(v, { depth: depth === undefined ? 2 : depth, seen: [], truncate: limit || TRUNCATE });
  }
  function objDisplay(v) {
    var s = inspect(v), tag = Object.prototype.toString.call(v);
    if (s.length >= TRUNCATE) {
      if (tag === '[object Function]') { return v.name ? '[Function: ' + v.name + ']' : '[Function]'; }
      if (tag === '[object Array]') { return '[ Array(' + v.length + ') ]'; }
      if (tag === '[object Object]') {
        var keys = Object.keys(v);
        var ks = keys.length > 2 ? keys.slice(0, 2).join(', ') + ', ...' : keys.join(', ');
        return '{ Object (' + ks + ') }';
      }
    }
    return s;
  }

  // ---- deep equality (deep-eql semantics for the value kinds JSON scripts meet) ----
  function deepEqual(a, b, memo) {
    if (a === b) { return a !== 0 || 1 / a === 1 / b; }
    if (a !== a && b !== b) { return true; }
    if (a === null || b === null || typeof a !== 'object' && typeof a !== 'function' ||
        typeof b !== 'object' && typeof b !== 'function') { return false; }
    var ta = type(a);
    if (ta !== type(b)) { return false; }
    memo = memo || [];
    for (var m = 0; m < memo.length; m++) {
      if (memo[m][0] === a && memo[m][1] === b) { return true; }
    }
    memo.push([a, b]);
    switch (ta) {
      case 'Date': return a.getTime() === b.getTime();
      case 'RegExp': return String(a) === String(b);
      case 'Number': case 'String': case 'Boolean': return deepEqual(a.valueOf(), b.valueOf(), memo);
      case 'Error': case 'function': case 'Function': case 'Promise': case 'WeakMap': case 'WeakSet': return false;
      case 'Array':
        if (a.length !== b.length) { return false; }
        for (var i = 0; i < a.length; i++) { if (!deepEqual(a[i], b[i], memo)) { return false; } }
        return true;
      case 'Map': case 'Set':
        if (a.size !== b.size) { return false; }
        var ea = [], eb = [];
        a.forEach(function (v, k) { ea.push([k, v]); });
        b.forEach(function (v, k) { eb.push([k, v]); });
        return ea.every(function (x) { return eb.some(function (y) { return deepEqual(x, y, memo.slice()); }); });
    }
    var ka = enumKeys(a), kb = enumKeys(b);
    if (ka.length !== kb.length) { return false; }
    ka.sort(); kb.sort();
    for (var j = 0; j < ka.length; j++) {
      if (ka[j] !== kb[j]) { return false; }
      if (!deepEqual(a[ka[j]], b[ka[j]], memo)) { return false; }
    }
    return true;
  }
  function enumKeys(o) {
    var keys = [];
    for (var k in o) { keys.push(k); }
    return keys;
  }

  // ---- the Assertion object ----
  function Assertion(obj, msg) {
    this.__flags = { object: obj, message: msg };
  }
  var P = Assertion.prototype;
  function flag(a, k, v) {
    var f = a.__flags;
    if (arguments.length > 2) { f[k] = v; return undefined; }
    return f[k];
  }
  P.assert = function (ok, msg, negMsg, expected, actual) {
    var negate = flag(this, 'negate');
    if (negate ? !ok : ok) { return; }
    var text = negate ? negMsg : msg;
    var obj = flag(this, 'object');
    if (arguments.length < 5) { actual = obj; }
    text = String(text)
      .replace(/#\{this\}/g, function () { return objDisplay(obj); })
      .replace(/#\{act\}/g, function () { return objDisplay(actual); })
      .replace(/#\{exp\}/g, function () { return objDisplay(expected); });
    var custom = flag(this, 'message');
    throw new AssertionError(custom ? custom + ': ' + text : text,
      { actual: actual, expected: expected, showDiff: true });
  };
  Object.defineProperty(P, '_obj', {
    get: function () { return flag(this, 'object'); },
    set: function (v) { flag(this, 'object', v); }
  });

  function prefix(a) {
    var m = flag(a, 'message');
    return m ? m + ': ' : '';
  }
  function fail(a, text) { throw new AssertionError(prefix(a) + text); }

  function addProperty(name, fn) {
    Object.defineProperty(P, name, {
      get: function () { var r = fn.call(this); return r === undefined ? this : r; },
      configurable: true
    });
  }
  function addMethod(name, fn) {
    P[name] = function () { var r = fn.apply(this, arguments); return r === undefined ? this : r; };
  }
  // A chainable method is both a property (`include.members`) and a call (`include(x)`).
  function addChainable(name, method, chain) {
    Object.defineProperty(P, name, {
      get: function () {
        if (chain) { chain.call(this); }
        var self = this;
        var f = function () { var r = method.apply(self, arguments); return r === undefined ? self : r; };
        Object.setPrototypeOf(f, self);
        return f;
      },
      configurable: true
    });
  }
  function override(name, fn) { addProperty(name, fn); }

  // Language chains do nothing: their getter returns the assertion without the call through
  // addProperty's wrapper (every `pm.response.to.have` reads two of them).
  function chainWord() { return this; }
  ['to', 'be', 'been', 'is', 'that', 'which', 'and', 'has', 'have', 'with', 'at', 'of', 'same',
    'but', 'does', 'still', 'also'].forEach(function (w) {
    Object.defineProperty(P, w, { get: chainWord, configurable: true });
  });

  addProperty('not', function () { flag(this, 'negate', true); });
  addProperty('deep', function () { flag(this, 'deep', true); });
  addProperty('nested', function () { flag(this, 'nested', true); });
  addProperty('own', function () { flag(this, 'own', true); });
  addProperty('ordered', function () { flag(this, 'ordered', true); });
  addProperty('any', function () { flag(this, 'any', true); flag(this, 'all', false); });
  addProperty('all', function () { flag(this, 'all', true); flag(this, 'any', false); });
  addProperty('itself', function () { flag(this, 'itself', true); });

  function an(t, msg) {
    if (msg) { flag(this, 'message', msg); }
    t = String(t).toLowerCase();
    var obj = flag(this, 'object');
    var article = 'aeiou'.indexOf(t.charAt(0)) !== -1 ? 'an ' : 'a ';
    this.assert(t === type(obj).toLowerCase(),
      'expected #{this} to be ' + article + t, 'expected #{this} not to be ' + article + t);
  }
  addChainable('a', an);
  addChainable('an', an);

  function include(val, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object'), t = type(obj).toLowerCase(), deep = flag(this, 'deep');
    var desc = deep ? 'deep ' : '', ok = false;
    switch (t) {
      case 'string': ok = obj.indexOf(val) !== -1; break;
      case 'array':
        ok = deep ? obj.some(function (x) { return deepEqual(x, val); }) : obj.indexOf(val) !== -1;
        break;
      case 'map':
        obj.forEach(function (v) { if (deep ? deepEqual(v, val) : v === val) { ok = true; } });
        break;
      case 'set':
        ok = deep ? Array.from(obj).some(function (x) { return deepEqual(x, val); }) : obj.has(val);
        break;
      default:
        if (obj === null || obj === undefined || typeof obj !== 'object' && typeof obj !== 'function') {
          fail(this, 'object tested must be an array, a map, an object, a set, a string, or a weakset, but ' +
            t + ' given');
        }
        if (val !== Object(val)) {
          var vt = type(val).toLowerCase();
          fail(this, 'the given combination of arguments (' + t + ' and ' + vt + ') is invalid for this ' +
            'assertion. You can use an array, a map, an object, a set, a string, or a weakset instead of a ' + vt);
        }
        var props = Object.keys(val), negate = flag(this, 'negate'), first = null, errs = 0, self = this;
        props.forEach(function (p) {
          var a = new Assertion(obj);
          var f = self.__flags;
          for (var k in f) { if (k !== 'object') { a.__flags[k] = f[k]; } }
          if (!negate || props.length === 1) { assertProperty.call(a, p, val[p]); return; }
          try { assertProperty.call(a, p, val[p]); } catch (e) {
            if (!(e instanceof AssertionError)) { throw e; }
            if (first === null) { first = e; }
            errs++;
          }
        });
        if (negate && props.length > 1 && errs === props.length) { throw first; }
        return;
    }
    this.assert(ok, 'expected #{this} to ' + desc + 'include ' + inspect(val),
      'expected #{this} to not ' + desc + 'include ' + inspect(val));
  }
  function containsFlag() { flag(this, 'contains', true); }
  ['include', 'includes', 'contain', 'contains'].forEach(function (n) { addChainable(n, include, containsFlag); });

  addProperty('ok', function () {
    this.assert(flag(this, 'object'), 'expected #{this} to be truthy', 'expected #{this} to be falsy');
  });
  addProperty('true', function () {
    this.assert(flag(this, 'object') === true, 'expected #{this} to be true', 'expected #{this} to be false',
      !flag(this, 'negate'));
  });
  addProperty('false', function () {
    this.assert(flag(this, 'object') === false, 'expected #{this} to be false', 'expected #{this} to be true',
      !!flag(this, 'negate'));
  });
  addProperty('null', function () {
    this.assert(flag(this, 'object') === null, 'expected #{this} to be null', 'expected #{this} not to be null');
  });
  addProperty('undefined', function () {
    this.assert(flag(this, 'object') === undefined, 'expected #{this} to be undefined',
      'expected #{this} not to be undefined');
  });
  addProperty('NaN', function () {
    var o = flag(this, 'object');
    this.assert(typeof o === 'number' && o !== o, 'expected #{this} to be NaN', 'expected #{this} not to be NaN');
  });
  addProperty('finite', function () {
    var o = flag(this, 'object');
    this.assert(typeof o === 'number' && isFinite(o), 'expected #{this} to be a finite number',
      'expected #{this} to not be a finite number');
  });
  function exist() {
    var o = flag(this, 'object');
    this.assert(o !== null && o !== undefined, 'expected #{this} to exist', 'expected #{this} to not exist');
  }
  addProperty('exist', exist);
  addProperty('exists', exist);
  addProperty('empty', function () {
    var o = flag(this, 'object'), t = type(o).toLowerCase(), size;
    if (t === 'array' || t === 'string') { size = o.length; }
    else if (t === 'map' || t === 'set') { size = o.size; }
    else if (t === 'object') { size = Object.keys(o).length; }
    else {
      fail(this, '.empty was passed non-string primitive ' + inspect(o));
    }
    this.assert(size === 0, 'expected #{this} to be empty', 'expected #{this} not to be empty');
  });

  function equal(val, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object');
    if (flag(this, 'deep')) {
      return eql.call(this, val);
    }
    this.assert(val === obj, 'expected #{this} to equal #{exp}', 'expected #{this} to not equal #{exp}', val, obj);
    noteStatus(this, val, obj);
  }
  function eql(val, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object');
    this.assert(deepEqual(val, obj), 'expected #{this} to deeply equal #{exp}',
      'expected #{this} to not deeply equal #{exp}', val, obj);
    noteStatus(this, val, obj);
  }
  // `pm.expect(pm.response.code).to.equal(503)` passed: the sandbox decides whether it was the
  // response's status.
  function noteStatus(a, val, obj) {
    if (!flag(a, 'negate') && typeof val === 'number' && G.__sb) { G.__sb.noteStatus(val, obj); }
  }
  ['equal', 'equals', 'eq'].forEach(function (n) { addMethod(n, equal); });
  ['eql', 'eqls'].forEach(function (n) { addMethod(n, eql); });

  function sizeOf(a, obj) {
    var t = type(obj).toLowerCase();
    if (t === 'map' || t === 'set') { return { d: 'size', n: obj.size }; }
    new Assertion(obj, flag(a, 'message')).to.have.property('length');
    return { d: 'length', n: obj.length };
  }
  function compare(name, op, words, lenWords) {
    return function (n, msg) {
      if (msg) { flag(this, 'message', msg); }
      var obj = flag(this, 'object'), doLength = flag(this, 'doLength');
      var ot = type(obj).toLowerCase(), nt = type(n).toLowerCase();
      if (doLength) {
        if (nt !== 'number') { fail(this, 'the argument to ' + name + ' must be a number'); }
        var s = sizeOf(this, obj);
        this.assert(op(s.n, n), 'expected #{this} to have a ' + s.d + ' ' + lenWords[0] + ' #{exp} but got #{act}',
          lenWords[1].replace('length', s.d), n, s.n);
        return;
      }
      if (ot === 'date' && nt !== 'date') { fail(this, 'the argument to ' + name + ' must be a date'); }
      else if (nt !== 'number' && ot === 'number') { fail(this, 'the argument to ' + name + ' must be a number'); }
      else if (ot !== 'date' && ot !== 'number') {
        fail(this, 'expected ' + (ot === 'string' ? "'" + obj + "'" : String(obj)) + ' to be a number or a date');
      }
      this.assert(op(obj, n), 'expected #{this} to be ' + words[0] + ' #{exp}', 'expected #{this} to be ' + words[1] + ' #{exp}', n);
    };
  }
  var above = compare('above', function (a, b) { return a > b; }, ['above', 'at most'],
    ['above', 'expected #{this} to not have a length above #{exp}']);
  var least = compare('least', function (a, b) { return a >= b; }, ['at least', 'below'],
    ['at least', 'expected #{this} to have a length below #{exp}']);
  var below = compare('below', function (a, b) { return a < b; }, ['below', 'at least'],
    ['below', 'expected #{this} to not have a length below #{exp}']);
  var most = compare('most', function (a, b) { return a <= b; }, ['at most', 'above'],
    ['at most', 'expected #{this} to have a length above #{exp}']);
  ['above', 'gt', 'greaterThan'].forEach(function (n) { addMethod(n, above); });
  ['least', 'gte', 'greaterThanOrEqual'].forEach(function (n) { addMethod(n, least); });
  ['below', 'lt', 'lessThan'].forEach(function (n) { addMethod(n, below); });
  ['most', 'lte', 'lessThanOrEqual'].forEach(function (n) { addMethod(n, most); });
  addMethod('within', function (start, finish, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object'), range;
    if (type(start) === 'Date' && type(finish) === 'Date') { range = start.toISOString() + '..' + finish.toISOString(); }
    else { range = start + '..' + finish; }
    if (flag(this, 'doLength')) {
      var s = sizeOf(this, obj);
      this.assert(s.n >= start && s.n <= finish, 'expected #{this} to have a ' + s.d + ' within ' + range,
        'expected #{this} to not have a ' + s.d + ' within ' + range);
      return;
    }
    var ot = type(obj).toLowerCase();
    if (ot !== 'number' && ot !== 'date') {
      fail(this, 'expected ' + (ot === 'string' ? "'" + obj + "'" : String(obj)) + ' to be a number or a date');
    }
    this.assert(obj >= start && obj <= finish, 'expected #{this} to be within ' + range,
      'expected #{this} to not be within ' + range);
  });

  function lengthOf(n, msg) {
    if (msg) { flag(this, 'message', msg); }
    var s = sizeOf(this, flag(this, 'object'));
    this.assert(s.n == n, 'expected #{this} to have a ' + s.d + ' of #{exp} but got #{act}', // eslint-disable-line eqeqeq
      'expected #{this} to not have a ' + s.d + ' of #{act}', n, s.n);
  }
  addChainable('length', lengthOf, function () { flag(this, 'doLength', true); });
  addChainable('lengthOf', lengthOf, function () { flag(this, 'doLength', true); });

  function pathInfo(obj, path) {
    var parts = String(path).replace(/\[/g, '.[').match(/(\\\.|[^.]+?)+/g) || [];
    var cur = obj, parent = null, name = null, exists = false;
    for (var i = 0; i < parts.length; i++) {
      var m = /^\[(\d+)\]$/.exec(parts[i]);
      name = m ? parseInt(m[1], 10) : parts[i].replace(/\\([.[\]])/g, '$1');
      if (cur === null || cur === undefined) { return { exists: false, value: undefined }; }
      parent = cur;
      exists = name in Object(parent);
      cur = parent[name];
    }
    return { exists: exists, value: cur };
  }
  function assertProperty(name, val, msg) {
    if (msg) { flag(this, 'message', msg); }
    var nested = flag(this, 'nested'), own = flag(this, 'own'), obj = flag(this, 'object');
    var nt = typeof name;
    if (nested) {
      if (nt !== 'string') { fail(this, 'the argument to property must be a string when using nested syntax'); }
    } else if (nt !== 'string' && nt !== 'number' && nt !== 'symbol') {
      fail(this, 'the argument to property must be a string, number, or symbol');
    }
    if (nested && own) { fail(this, 'The "nested" and "own" flags cannot be combined.'); }
    if (obj === null || obj === undefined) { fail(this, 'Target cannot be null or undefined.'); }
    var deep = flag(this, 'deep'), negate = flag(this, 'negate');
    var info = nested ? pathInfo(obj, name) : null;
    var value = nested ? info.value : obj[name];
    var desc = (deep ? 'deep ' : '') + (own ? 'own ' : '') + (nested ? 'nested ' : '') + 'property ';
    var has = own ? Object.prototype.hasOwnProperty.call(obj, name) : nested ? info.exists : name in Object(obj);
    var withValue = arguments.length > 1;
    if (!negate || !withValue) {
      this.assert(has, 'expected #{this} to have ' + desc + inspect(name),
        'expected #{this} to not have ' + desc + inspect(name));
    }
    if (withValue) {
      this.assert(has && (deep ? deepEqual(val, value) : val === value),
        'expected #{this} to have ' + desc + inspect(name) + ' of #{exp}, but got #{act}',
        'expected #{this} to not have ' + desc + inspect(name) + ' of #{act}', val, value);
    }
    flag(this, 'object', value);
  }
  P.property = function (name, val, msg) {
    if (arguments.length > 1) { assertProperty.call(this, name, val, msg); }
    else { assertProperty.call(this, name); }
    return this;
  };
  function ownProperty(name, val, msg) {
    flag(this, 'own', true);
    return arguments.length > 1 ? P.property.call(this, name, val, msg) : P.property.call(this, name);
  }
  P.ownProperty = ownProperty;
  P.haveOwnProperty = ownProperty;

  function keys(k) {
    var obj = flag(this, 'object'), ot = type(obj), kt = type(k), actual, deepStr = '', isDeep = flag(this, 'deep');
    var mixed = 'when testing keys against an object or an array you must give a single Array|Object|String ' +
      'argument or multiple String arguments';
    if (ot === 'Map' || ot === 'Set') {
      deepStr = isDeep ? 'deeply ' : '';
      actual = [];
      obj.forEach(function (v, key) { actual.push(key); });
      if (kt !== 'Array') { k = Array.prototype.slice.call(arguments); }
    } else {
      actual = Object.keys(obj);
      if (kt === 'Array') { if (arguments.length > 1) { fail(this, mixed); } }
      else if (kt === 'Object') { if (arguments.length > 1) { fail(this, mixed); } k = Object.keys(k); }
      else { k = Array.prototype.slice.call(arguments); }
      k = k.map(function (x) { return typeof x === 'symbol' ? x : String(x); });
    }
    if (!k.length) { fail(this, 'keys required'); }
    var any = flag(this, 'any'), all = flag(this, 'all'), ok = true, expected = k;
    if (!any && !all) { all = true; }
    var match = function (e) {
      return actual.some(function (a) { return isDeep ? deepEqual(e, a) : e === a; });
    };
    if (any) { ok = expected.some(match); }
    if (all) {
      ok = expected.every(match);
      if (!flag(this, 'contains')) { ok = ok && k.length === actual.length; }
    }
    var str;
    if (k.length > 1) {
      var shown = k.map(function (x) { return inspect(x); }), last = shown.pop();
      str = shown.join(', ') + (all ? ', and ' : ', or ') + last;
    } else {
      str = inspect(k[0]);
    }
    str = (k.length > 1 ? 'keys ' : 'key ') + str;
    str = (flag(this, 'contains') ? 'contain ' : 'have ') + str;
    this.assert(ok, 'expected #{this} to ' + deepStr + str, 'expected #{this} to not ' + deepStr + str,
      expected.slice(0).sort(), actual.slice(0).sort());
  }
  addMethod('keys', keys);
  addMethod('key', keys);

  addMethod('members', function (subset, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object');
    new Assertion(obj, flag(this, 'message')).to.be.an('array');
    new Assertion(subset, flag(this, 'message')).to.be.an('array');
    var contains = flag(this, 'contains'), ordered = flag(this, 'ordered'), deep = flag(this, 'deep');
    var subject, failMsg, negMsg;
    if (contains) {
      subject = ordered ? 'an ordered superset' : 'a superset';
      failMsg = 'expected #{this} to be ' + subject + ' of #{exp}';
      negMsg = 'expected #{this} to not be ' + subject + ' of #{exp}';
    } else {
      subject = ordered ? 'ordered members' : 'members';
      failMsg = 'expected #{this} to have the same ' + subject + ' as #{exp}';
      negMsg = 'expected #{this} to not have the same ' + subject + ' as #{exp}';
    }
    var eq = deep ? deepEqual : function (a, b) { return a === b; };
    var ok;
    if (ordered) {
      ok = (contains || subset.length === obj.length) && subset.every(function (x, i) { return eq(x, obj[i]); });
    } else {
      var used = [];
      ok = (contains || subset.length === obj.length) && subset.every(function (x) {
        for (var i = 0; i < obj.length; i++) {
          if (used.indexOf(i) === -1 && eq(x, obj[i])) { used.push(i); return true; }
        }
        return false;
      });
    }
    this.assert(ok, failMsg, negMsg, subset, obj);
  });

  addMethod('oneOf', function (list, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object'), deep = flag(this, 'deep');
    var ok = list.some(function (x) { return deep ? deepEqual(x, obj) : x === obj; });
    this.assert(ok, 'expected #{this} to be one of #{exp}', 'expected #{this} to not be one of #{exp}', list, obj);
  });

  function match(re, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object');
    this.assert(re.exec(obj), 'expected #{this} to match ' + re, 'expected #{this} not to match ' + re);
  }
  addMethod('match', match);
  addMethod('matches', match);

  addMethod('string', function (str, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object');
    new Assertion(obj, flag(this, 'message')).is.a('string');
    this.assert(obj.indexOf(str) !== -1, 'expected #{this} to contain ' + inspect(str),
      'expected #{this} to not contain ' + inspect(str));
  });

  function instanceOf(ctor, msg) {
    if (msg) { flag(this, 'message', msg); }
    var ok;
    try { ok = flag(this, 'object') instanceof ctor; } catch (e) {
      if (e instanceof TypeError) {
        fail(this, 'The instanceof assertion needs a constructor but ' + type(ctor).toLowerCase() + ' was given.');
      }
      throw e;
    }
    var name = ctor && ctor.name ? ctor.name : 'an unnamed constructor';
    this.assert(ok, 'expected #{this} to be an instance of ' + name, 'expected #{this} to not be an instance of ' + name);
  }
  addMethod('instanceof', instanceOf);
  addMethod('instanceOf', instanceOf);

  function satisfy(matcher, msg) {
    if (msg) { flag(this, 'message', msg); }
    var result = matcher(flag(this, 'object'));
    this.assert(result, 'expected #{this} to satisfy ' + objDisplay(matcher),
      'expected #{this} to not satisfy' + objDisplay(matcher), !flag(this, 'negate'), result);
  }
  addMethod('satisfy', satisfy);
  addMethod('satisfies', satisfy);

  function closeTo(expected, delta, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object');
    new Assertion(obj, flag(this, 'message')).is.a('number');
    if (typeof expected !== 'number' || typeof delta !== 'number') {
      fail(this, 'the arguments to closeTo or approximately must be numbers' +
        (delta === undefined ? ', and a delta is required' : ''));
    }
    this.assert(Math.abs(obj - expected) <= delta,
      'expected #{this} to be close to ' + expected + ' +/- ' + delta,
      'expected #{this} not to be close to ' + expected + ' +/- ' + delta);
  }
  addMethod('closeTo', closeTo);
  addMethod('approximately', closeTo);

  function assertThrows(errLike, errMsg, msg) {
    if (msg) { flag(this, 'message', msg); }
    var obj = flag(this, 'object'), negate = flag(this, 'negate');
    new Assertion(obj, flag(this, 'message')).is.a('function');
    if (errLike instanceof RegExp || typeof errLike === 'string') { errMsg = errLike; errLike = null; }
    var caught = null, threw = false;
    try { obj(); } catch (e) { threw = true; caught = e; }
    var everyArgUndefined = errLike === undefined && errMsg === undefined;
    if (everyArgUndefined || (!errLike && !errMsg) || negate && !threw) {
      var shown = caught instanceof Error ? String(caught) : inspect(caught);
      this.assert(threw, 'expected #{this} to throw an error',
        'expected #{this} to not throw an error but #{act} was thrown', undefined, shown);
      if (!threw || everyArgUndefined || !errLike && !errMsg) { flag(this, 'object', caught); return; }
    }
    if (errLike) {
      var isCtor = typeof errLike === 'function';
      var okType = threw && (isCtor ? caught instanceof errLike : caught === errLike);
      var want = isCtor ? (errLike.name || 'an unnamed constructor') : inspect(errLike);
      var got = threw ? (caught instanceof Error ? String(caught) : inspect(caught)) : 'no error';
      this.assert(okType, 'expected #{this} to throw ' + want + ' but ' + got + ' was thrown',
        'expected #{this} to not throw ' + want + ' but ' + got + ' was thrown');
    }
    if (errMsg !== undefined && errMsg !== null) {
      var message = caught && typeof caught === 'object' ? caught.message : String(caught);
      var okMsg = threw && (errMsg instanceof RegExp ? errMsg.test(message) : String(message).indexOf(errMsg) !== -1);
      var how = errMsg instanceof RegExp ? 'matching ' : 'including ';
      this.assert(okMsg, 'expected #{this} to throw error ' + how + '#{exp} but got #{act}',
        'expected #{this} to throw error not ' + how + '#{exp}', errMsg, message);
    }
    flag(this, 'object', caught);
  }
  ['throw', 'throws', 'Throw'].forEach(function (n) { addMethod(n, assertThrows); });

  addProperty('sealed', function () {
    this.assert(Object.isSealed(flag(this, 'object')), 'expected #{this} to be sealed', 'expected #{this} to not be sealed');
  });
  addProperty('frozen', function () {
    this.assert(Object.isFrozen(flag(this, 'object')), 'expected #{this} to be frozen', 'expected #{this} to not be frozen');
  });
  addProperty('extensible', function () {
    this.assert(Object.isExtensible(Object(flag(this, 'object'))), 'expected #{this} to be extensible',
      'expected #{this} to not be extensible');
  });

  function expect(v, msg) { return new Assertion(v, msg); }
  expect.fail = function (actual, expected, message) {
    if (arguments.length < 2) { message = actual; actual = undefined; }
    throw new AssertionError(message === undefined ? 'expect.fail()' : message, { actual: actual, expected: expected });
  };

  G.__chai = {
    Assertion: Assertion, AssertionError: AssertionError, expect: expect, inspect: inspect, objDisplay: objDisplay,
    deepEqual: deepEqual, type: type, flag: flag, addProperty: addProperty, addMethod: addMethod,
    addChainable: addChainable, override: override
  };
})(globalThis);
