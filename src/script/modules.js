// The modules scripts may require(): uuid, tv4 and ajv (schema checks done in Rust) here, the
// big libraries (lodash, crypto-js, moment, cheerio, Node's modules) as lazy entries loaded on
// first use (src/script/libs.rs); plus atob/btoa, xml2Json and the "not supported" answer.
// Written for conform; no vendored library.
// Exposes globalThis.__modules, __libs, __bytes, __unsupportedIn, __schemaErrors,
// __ajvErrorsText, atob, btoa, xml2Json.
(function (G) {
  'use strict';
  var N = G.__native;

  // ---- bytes, strings and encodings ----
  function utf8Bytes(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) { out.push(c); }
      else if (c < 0x800) { out.push(0xc0 | c >> 6, 0x80 | c & 63); }
      else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        var cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        out.push(0xf0 | cp >> 18, 0x80 | cp >> 12 & 63, 0x80 | cp >> 6 & 63, 0x80 | cp & 63);
      } else { out.push(0xe0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63); }
    }
    return out;
  }
  function utf8String(bytes) {
    var s = '', i = 0;
    while (i < bytes.length) {
      var b = bytes[i], cp, n;
      if (b < 0x80) { cp = b; n = 0; }
      else if ((b & 0xe0) === 0xc0) { cp = b & 31; n = 1; }
      else if ((b & 0xf0) === 0xe0) { cp = b & 15; n = 2; }
      else if ((b & 0xf8) === 0xf0) { cp = b & 7; n = 3; }
      else { throw new Error('Malformed UTF-8 data'); }
      if (i + n >= bytes.length + (n ? 0 : 1)) { throw new Error('Malformed UTF-8 data'); }
      for (var k = 1; k <= n; k++) {
        if ((bytes[i + k] & 0xc0) !== 0x80) { throw new Error('Malformed UTF-8 data'); }
        cp = cp << 6 | bytes[i + k] & 63;
      }
      i += n + 1;
      s += String.fromCodePoint(cp);
    }
    return s;
  }
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function b64Encode(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i += 3) {
      var n = bytes[i] << 16 | (bytes[i + 1] || 0) << 8 | (bytes[i + 2] || 0);
      s += B64[n >> 18 & 63] + B64[n >> 12 & 63] + (i + 1 < bytes.length ? B64[n >> 6 & 63] : '=') +
        (i + 2 < bytes.length ? B64[n & 63] : '=');
    }
    return s;
  }
  // Lenient, as Buffer's base64 is: whitespace and unknown characters are skipped.
  function b64Decode(s) {
    s = String(s).replace(/[\t\n\f\r ]/g, '').replace(/-/g, '+').replace(/_/g, '/');
    var clean = s.replace(/=+$/, '');
    var out = [], bits = 0, acc = 0;
    for (var i = 0; i < clean.length; i++) {
      var v = B64.indexOf(clean[i]);
      if (v < 0) { continue; }
      acc = acc << 6 | v; bits += 6;
      if (bits >= 8) { bits -= 8; out.push(acc >> bits & 255); }
    }
    return out;
  }
  function latin1Bytes(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) { out.push(s.charCodeAt(i) & 255); }
    return out;
  }
  function latin1String(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return s;
  }
  var HEX = '0123456789abcdef';
  function hexOf(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15]; }
    return s;
  }
  function hexBytes(h) {
    var out = [];
    for (var i = 0; i + 1 < h.length; i += 2) { out.push(parseInt(h.substr(i, 2), 16)); }
    return out;
  }

  // As the atob/btoa packages postman-sandbox uses: lenient, no DOMException-style errors.
  G.btoa = function (s) { return b64Encode(latin1Bytes(String(s))); };
  G.atob = function (s) { return latin1String(b64Decode(s)); };

  // ---- uuid ----
  function v4() {
    var b = [];
    for (var i = 0; i < 16; i++) { b.push(Math.floor(Math.random() * 256)); }
    b[6] = b[6] & 0x0f | 0x40;
    b[8] = b[8] & 0x3f | 0x80;
    var h = hexOf(b);
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  var uuid = function () { return v4(); };
  uuid.v4 = v4;

  // ---- schema checks, answered by the run's JSON Schema validator ----
  function errorList(text) {
    if (!text) { return []; }
    return JSON.parse(text).map(function (s) {
      var i = s.indexOf(': ');
      var ptr = i === -1 ? '' : s.slice(0, i);
      if (ptr !== '' && ptr.charAt(0) !== '/') { return { instancePath: '', message: s }; }
      return { instancePath: ptr, message: i === -1 ? s : s.slice(i + 2) };
    });
  }
  G.__schemaErrors = function (schema, data) {
    return errorList(N.schema(JSON.stringify(schema), JSON.stringify(data === undefined ? null : data)));
  };
  G.__ajvErrorsText = function (errors) {
    if (!errors || !errors.length) { return 'No errors'; }
    return errors.map(function (e) { return 'data' + e.instancePath + ' ' + e.message; }).join(', ');
  };

  var tv4 = {
    error: null, errors: [], missing: [], valid: true,
    validate: function (data, schema) {
      var errs = G.__schemaErrors(schema, data).map(function (e) {
        return { message: e.message, dataPath: e.instancePath, schemaPath: '', code: 0 };
      });
      tv4.errors = errs; tv4.error = errs[0] || null; tv4.valid = !errs.length;
      return tv4.valid;
    },
    validateResult: function (data, schema) {
      var ok = tv4.validate(data, schema);
      return { valid: ok, error: tv4.error, missing: [] };
    },
    validateMultiple: function (data, schema) {
      var ok = tv4.validate(data, schema);
      return { valid: ok, errors: tv4.errors, missing: [] };
    },
    addSchema: function () {}, addFormat: function () {}, defineKeyword: function () {}
  };

  // Ajv asserts formats (tv4 does not) and throws on a format it does not know.
  function Ajv() { this.errors = null; this._schemas = {}; this._formats = {}; }
  Ajv.prototype.validate = function (schema, data) {
    if (typeof schema === 'string') { schema = this._schemas[schema]; }
    var text = N.ajv(JSON.stringify(schema), JSON.stringify(data === undefined ? null : data),
      JSON.stringify(this._formats));
    if (text.charAt(0) === '!') { throw new Error(text.slice(1)); }
    var errs = errorList(text);
    this.errors = errs.length ? errs : null;
    return !errs.length;
  };
  Ajv.prototype.compile = function (schema) {
    var self = this;
    var f = function (data) { var ok = self.validate(schema, data); f.errors = self.errors; return ok; };
    f.errors = null;
    f.schema = schema;
    return f;
  };
  Ajv.prototype.addSchema = function (schema, key) { this._schemas[key || schema.$id || schema.id] = schema; return this; };
  Ajv.prototype.getSchema = function (key) { var s = this._schemas[key]; return s ? this.compile(s) : undefined; };
  Ajv.prototype.addFormat = function (name, format) {
    var re = format && format.validate !== undefined ? format.validate : format;
    this._formats[String(name)] = re instanceof RegExp ? re.source : typeof re === 'string' ? re : true;
    return this;
  };
  Ajv.prototype.addKeyword = function () { return this; };
  Ajv.prototype.errorsText = function (errors) { return G.__ajvErrorsText(errors === undefined ? this.errors : errors); };
  Ajv.default = Ajv;

  // ---- "not supported by conform" instead of "undefined is not a function" ----
  // A missing name of a library resolves, through the prototype chain, to a function that
  // throws saying so; names the object has are found before the proxy is ever asked.
  var QUIET = { then: 1, toJSON: 1, inspect: 1, constructor: 1, asymmetricMatch: 1, nodeType: 1, $$typeof: 1,
    _isBuffer: 1, _isAMomentObject: 1, __esModule: 1, 'default': 1, prototype: 1, length: 1, name: 1 };
  // The stand-in for a missing name: calling it, or anything reached through it
  // (`CryptoJS.Rabbit.encrypt(…)`), throws the same message.
  function thrower(what) {
    var f = function () { throw new Error(what); };
    f.__unsupported = what;
    return Object.setPrototypeOf(f, new Proxy(Function.prototype, {
      get: function (target, prop, receiver) {
        if (typeof prop !== 'string' || prop in target || QUIET[prop] || prop.charAt(0) === '_') {
          return Reflect.get(target, prop, receiver);
        }
        return f;
      }
    }));
  }
  G.__unsupportedIn = function (obj, label, base) {
    var guard = new Proxy(base, {
      get: function (target, prop, receiver) {
        if (typeof prop !== 'string' || prop in target || QUIET[prop] || prop.charAt(0) === '_') {
          return Reflect.get(target, prop, receiver);
        }
        return thrower(label + '.' + prop + ' is not supported by conform');
      }
    });
    Object.setPrototypeOf(obj, guard);
    return obj;
  };

  // ---- xml2Json: the XML reading is Rust's (quick-xml); the shape is xml2js's ----
  // Malformed XML gives undefined, as in Newman; only conform's own nesting limit throws.
  G.xml2Json = function (text) {
    var out = N.xml2json(String(text));
    if (out.charAt(0) === '!') {
      if (out.indexOf('nested deeper') !== -1) { throw new Error(out.slice(1)); }
      return undefined;
    }
    return JSON.parse(out);
  };

  // ---- the module registry; big libraries load on first require ----
  var libs = G.__libs = {};
  G.__bytes = { utf8Bytes: utf8Bytes, utf8String: utf8String, b64Encode: b64Encode, b64Decode: b64Decode,
    latin1Bytes: latin1Bytes, latin1String: latin1String, hexOf: hexOf, hexBytes: hexBytes };
  function lib(name, loader, pick) {
    return function () {
      if (!(pick in libs)) { N.load(loader); }
      return libs[pick];
    };
  }
  var M = { uuid: uuid, tv4: tv4, ajv: Ajv };
  var LAZY = {
    lodash: lib('lodash', 'lodash', 'lodash'),
    'crypto-js': lib('crypto-js', 'crypto-js', 'crypto-js'),
    moment: lib('moment', 'moment', 'moment'),
    cheerio: lib('cheerio', 'cheerio', 'cheerio'),
    'csv-parse/lib/sync': lib('csv-parse', 'csv-parse', 'csv-parse/lib/sync'),
    buffer: lib('node', 'node', 'buffer'),
    url: lib('node', 'node', 'url'),
    querystring: lib('node', 'node', 'querystring'),
    util: lib('node', 'node', 'util'),
    path: lib('node', 'node', 'path'),
    events: lib('node', 'node', 'events'),
    assert: lib('node', 'node', 'assert'),
    string_decoder: lib('node', 'node', 'string_decoder'),
    timers: lib('node', 'node', 'timers')
  };
  Object.keys(LAZY).forEach(function (k) { Object.defineProperty(M, k, { get: LAZY[k], enumerable: true }); });
  // The global `_` is lodash 3, built over lodash 4 (lodash3.js).
  var lodash3 = lib('lodash3', 'lodash3', 'lodash3');
  G.__lodash3 = function () { return M.lodash && lodash3(); };
  G.__modules = M;
})(globalThis);
