// The modules scripts may require() — crypto-js (hashing done in Rust), uuid, tv4 and ajv
// (schema checks done in Rust) — plus atob/btoa. Written for conform; no vendored library.
// Exposes globalThis.__modules, __schemaErrors, __ajvErrorsText, atob, btoa.
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
  function b64Decode(s, strict) {
    s = String(s).replace(/[\t\n\f\r ]/g, '').replace(/-/g, '+').replace(/_/g, '/');
    var clean = s.replace(/=+$/, '');
    if (strict && (/[^A-Za-z0-9+/]/.test(clean) || clean.length % 4 === 1)) {
      throw new Error("Failed to execute 'atob': The string to be decoded is not correctly encoded.");
    }
    var out = [], bits = 0, acc = 0;
    for (var i = 0; i < clean.length; i++) {
      var v = B64.indexOf(clean[i]);
      if (v < 0) { continue; }
      acc = acc << 6 | v; bits += 6;
      if (bits >= 8) { bits -= 8; out.push(acc >> bits & 255); }
    }
    return out;
  }
  function latin1Bytes(s, strict) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (strict && c > 255) {
        throw new Error("Failed to execute 'btoa': The string to be encoded contains characters outside of the Latin1 range.");
      }
      out.push(c & 255);
    }
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

  G.btoa = function (s) { return b64Encode(latin1Bytes(String(s), true)); };
  G.atob = function (s) { return latin1String(b64Decode(s, true)); };

  // ---- crypto-js ----
  function WordArray(words, sigBytes) {
    this.words = words || [];
    this.sigBytes = sigBytes !== undefined ? sigBytes : this.words.length * 4;
  }
  WordArray.create = function (words, sigBytes) { return new WordArray(words, sigBytes); };
  WordArray.random = function (n) {
    var b = [];
    for (var i = 0; i < n; i++) { b.push(Math.floor(Math.random() * 256)); }
    return fromBytes(b);
  };
  function toBytes(wa) {
    var out = [];
    for (var i = 0; i < wa.sigBytes; i++) { out.push(wa.words[i >>> 2] >>> 24 - i % 4 * 8 & 255); }
    return out;
  }
  function fromBytes(b) {
    var words = [];
    for (var i = 0; i < b.length; i++) { words[i >>> 2] |= (b[i] & 255) << 24 - i % 4 * 8; }
    return new WordArray(words, b.length);
  }
  WordArray.prototype.toString = function (enc) { return (enc || Hex).stringify(this); };
  WordArray.prototype.concat = function (other) {
    var b = toBytes(this).concat(toBytes(other)), w = fromBytes(b);
    this.words = w.words; this.sigBytes = w.sigBytes;
    return this;
  };
  WordArray.prototype.clamp = function () {
    var w = fromBytes(toBytes(this));
    this.words = w.words;
  };
  WordArray.prototype.clone = function () { return new WordArray(this.words.slice(), this.sigBytes); };

  var Hex = { stringify: function (wa) { return hexOf(toBytes(wa)); }, parse: function (s) { return fromBytes(hexBytes(String(s))); } };
  var Latin1 = { stringify: function (wa) { return latin1String(toBytes(wa)); }, parse: function (s) { return fromBytes(latin1Bytes(String(s))); } };
  var Utf8 = { stringify: function (wa) { return utf8String(toBytes(wa)); }, parse: function (s) { return fromBytes(utf8Bytes(String(s))); } };
  var Base64 = { stringify: function (wa) { return b64Encode(toBytes(wa)); }, parse: function (s) { return fromBytes(b64Decode(s, false)); } };
  var Base64url = {
    stringify: function (wa) { return b64Encode(toBytes(wa)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''); },
    parse: function (s) { return fromBytes(b64Decode(s, false)); }
  };

  function dataHex(m) {
    if (m instanceof WordArray) { return hexOf(toBytes(m)); }
    return hexOf(utf8Bytes(String(m === undefined || m === null ? '' : m)));
  }
  function hasher(alg) {
    return function (message) { return fromBytes(hexBytes(N.digest(alg, dataHex(message)))); };
  }
  function hmac(alg) {
    return function (message, key) { return fromBytes(hexBytes(N.hmac(alg, dataHex(key), dataHex(message)))); };
  }
  function unsupported(name) {
    var f = function () { throw new Error('crypto-js ' + name + ' is not available in conform'); };
    f.encrypt = f; f.decrypt = f;
    return f;
  }
  var CryptoJS = {
    lib: { WordArray: WordArray },
    enc: { Hex: Hex, Latin1: Latin1, Utf8: Utf8, Base64: Base64, Base64url: Base64url },
    MD5: hasher('MD5'), SHA1: hasher('SHA1'), SHA256: hasher('SHA256'), SHA512: hasher('SHA512'),
    HmacMD5: hmac('MD5'), HmacSHA1: hmac('SHA1'), HmacSHA256: hmac('SHA256'), HmacSHA512: hmac('SHA512'),
    AES: unsupported('AES'), DES: unsupported('DES'), TripleDES: unsupported('TripleDES'),
    PBKDF2: unsupported('PBKDF2'), SHA3: unsupported('SHA3'), RIPEMD160: unsupported('RIPEMD160')
  };

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
  G.__schemaErrors = function (schema, data) {
    var text = N.schema(JSON.stringify(schema), JSON.stringify(data === undefined ? null : data));
    if (!text) { return []; }
    return JSON.parse(text).map(function (s) {
      var i = s.indexOf(': ');
      var ptr = i === -1 ? '' : s.slice(0, i);
      if (ptr !== '' && ptr.charAt(0) !== '/') { return { instancePath: '', message: s }; }
      return { instancePath: ptr, message: i === -1 ? s : s.slice(i + 2) };
    });
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

  function Ajv() { this.errors = null; this._schemas = {}; }
  Ajv.prototype.validate = function (schema, data) {
    if (typeof schema === 'string') { schema = this._schemas[schema]; }
    var errs = G.__schemaErrors(schema, data);
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
  Ajv.prototype.addFormat = function () { return this; };
  Ajv.prototype.addKeyword = function () { return this; };
  Ajv.prototype.errorsText = function (errors) { return G.__ajvErrorsText(errors === undefined ? this.errors : errors); };
  Ajv.default = Ajv;

  G.__modules = { 'crypto-js': CryptoJS, uuid: uuid, tv4: tv4, ajv: Ajv };
})(globalThis);
