// conform's script isolation: every event starts from the global state the sandbox had when it
// was loaded. A script that overwrote a prototype method (Array.prototype.map = ...), added to
// one (Object.prototype.x = ...), replaced a standard global (JSON = null) or leaked a global
// (x = 1 without var) does not break the scripts of later requests. Loaded last; adds
// __sb.restore, which the engine calls after an event that may have changed them. Checks are plain reads (a descriptor per property costs too much per request);
// only what differs is put back. Written for conform.
// Array.prototype.join in QuickJS is one native loop that never polls the interrupt handler:
// `new Array(2**32 - 1).join('')` allocates nothing and runs for minutes past --timeout-script.
// Above a million elements the loop runs here, in bytecode the interrupt handler stops.
(function () {
  'use strict';
  var nativeJoin = Array.prototype.join;
  var BIG = 1048576;
  function join(separator) {
    var o = Object(this);
    var n = Math.min(Math.max(Math.floor(Number(o.length)) || 0, 0), Number.MAX_SAFE_INTEGER);
    if (n <= BIG) { return nativeJoin.call(o, separator); }
    var sep = separator === undefined ? ',' : String(separator);
    var out = '';
    for (var i = 0; i < n; i++) {
      if (i > 0) { out += sep; }
      var el = o[i];
      if (el !== undefined && el !== null) { out += String(el); }
    }
    return out;
  }
  Object.defineProperty(join, 'name', { value: 'join' });
  Object.defineProperty(Array.prototype, 'join', { value: join, writable: true, configurable: true, enumerable: false });
})();
(function (G) {
  'use strict';
  // Captured now: a script may overwrite any of these later.
  var ownKeys = Reflect.ownKeys, getDesc = Object.getOwnPropertyDescriptor;
  var define = Object.defineProperty, getProto = Object.getPrototypeOf;
  var setProto = Object.setPrototypeOf;

  // The standard globals put back when a script replaced one (JSON = null).
  var NAMES = ['Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Date', 'RegExp',
    'Error', 'Promise', 'Map', 'Set', 'JSON', 'Math', 'Reflect'];
  // Whose own properties are checked on every event (checking all of NAMES costs ~0.5 ms per
  // request): the prototypes scripts extend or overwrite, and the two namespaces they patch.
  var CHECKED = [Object.prototype, Array.prototype, String.prototype, Function.prototype,
    Number.prototype, Promise.prototype, Object, JSON, Math];
  // Standard globals put back if a script replaced them; other globals a script added go.
  var STANDARD = NAMES.concat(['Symbol', 'TypeError', 'RangeError', 'SyntaxError',
    'ReferenceError', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent',
    'decodeURIComponent', 'encodeURI', 'decodeURI', 'escape', 'unescape', 'globalThis', 'atob',
    'btoa', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate']);

  function snapshot(obj, only) {
    var all = ownKeys(obj), keys = [], props = Object.create(null), values = [];
    for (var i = 0; i < all.length; i++) {
      var d = getDesc(obj, all[i]);
      props[all[i]] = d;
      // Accessors are compared by their descriptor only when the key count changes.
      if ('value' in d && (!only || only.indexOf(all[i]) !== -1)) {
        keys.push(all[i]);
        values.push(d.value);
      }
    }
    return { obj: obj, proto: getProto(obj), count: all.length, keys: keys, props: props, values: values };
  }

  // Every try/catch lives in these small helpers: QuickJS runs a whole function that holds
  // one more slowly, and the loops below run on every request.
  function put(obj, k, desc) {
    try { define(obj, k, desc); } catch (e) { /* frozen or non-configurable */ }
  }
  function drop(obj, k) {
    try { delete obj[k]; } catch (e) { /* non-configurable */ }
  }
  function reparent(obj, proto) {
    try { setProto(obj, proto); } catch (e) { /* immutable prototype */ }
  }

  function restore(s) {
    var obj = s.obj, i, k, now, all = ownKeys(obj);
    if (all.length !== s.count) {
      for (i = 0; i < all.length; i++) {
        if (!(all[i] in s.props)) { drop(obj, all[i]); }
      }
      for (k in s.props) {
        if (getDesc(obj, k) === undefined) { put(obj, k, s.props[k]); }
      }
    }
    var keys = s.keys, values = s.values;
    for (i = 0; i < keys.length; i++) {
      now = obj[keys[i]];
      // NaN is the one value never equal to itself: it never counts as changed.
      if (now !== values[i] && now === now) { put(obj, keys[i], s.props[keys[i]]); }
    }
    if (getProto(obj) !== s.proto) { reparent(obj, s.proto); }
  }

  // A getter a script put in place may throw: that object waits for the next event.
  function restoreSafely(s) {
    try { restore(s); } catch (e) { /* see above */ }
  }

  var saved = [];
  for (var n = 0; n < CHECKED.length; n++) { saved.push(snapshot(CHECKED[n])); }
  // The sandbox sets `tests` on every script; present from the start, it keeps the key count.
  if (!('tests' in G)) { G.tests = {}; }
  saved.push(snapshot(G, STANDARD));

  // Called by the engine after an event whose scripts may have reached the standard objects
  // (engine.rs `may_touch_globals`): the next event starts clean.
  G.__sb.restore = function () {
    for (var i = 0; i < saved.length; i++) { restoreSafely(saved[i]); }
  };
})(globalThis);
