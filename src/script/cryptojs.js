// crypto-js for scripts: WordArray, the encoders, every hasher and Hmac*, PBKDF2, EvpKDF, and
// AES / DES / TripleDES with crypto-js's modes, paddings and OpenSSL "Salted__" format. The
// byte work is Rust's (native_crypto.rs); this file gives crypto-js's shapes. Written for
// conform from crypto-js's documented API; no crypto-js source is copied.
(function (G) {
  'use strict';
  var N = G.__native, B = G.__bytes;
  var utf8Bytes = B.utf8Bytes, utf8String = B.utf8String, b64Encode = B.b64Encode, b64Decode = B.b64Decode;
  var latin1Bytes = B.latin1Bytes, latin1String = B.latin1String, hexOf = B.hexOf, hexBytes = B.hexBytes;

  // ---- WordArray: big-endian 32-bit words plus a byte count, as crypto-js keeps bytes ----
  function WordArray(words, sigBytes) {
    this.words = words || [];
    this.sigBytes = sigBytes !== undefined ? sigBytes : this.words.length * 4;
  }
  WordArray.create = function (words, sigBytes) {
    if (words instanceof ArrayBuffer) { words = new Uint8Array(words); }
    if (ArrayBuffer.isView(words)) {
      return fromBytes(Array.prototype.slice.call(new Uint8Array(words.buffer, words.byteOffset, words.byteLength)));
    }
    return new WordArray(words, sigBytes);
  };
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
    var w = fromBytes(toBytes(this).concat(toBytes(other)));
    this.words = w.words; this.sigBytes = w.sigBytes;
    return this;
  };
  WordArray.prototype.clamp = function () { this.words = fromBytes(toBytes(this)).words; };
  WordArray.prototype.clone = function () { return new WordArray(this.words.slice(), this.sigBytes); };

  var Hex = { stringify: function (wa) { return hexOf(toBytes(wa)); }, parse: function (s) { return fromBytes(hexBytes(String(s))); } };
  var Latin1 = { stringify: function (wa) { return latin1String(toBytes(wa)); }, parse: function (s) { return fromBytes(latin1Bytes(String(s))); } };
  var Utf8 = { stringify: function (wa) { return utf8String(toBytes(wa)); }, parse: function (s) { return fromBytes(utf8Bytes(String(s))); } };
  var Base64 = { stringify: function (wa) { return b64Encode(toBytes(wa)); }, parse: function (s) { return fromBytes(b64Decode(s)); } };
  var Base64url = {
    stringify: function (wa, noPad) {
      var s = b64Encode(toBytes(wa)).replace(/\+/g, '-').replace(/\//g, '_');
      return noPad === false ? s : s.replace(/=+$/, '');
    },
    parse: function (s) { return fromBytes(b64Decode(s)); }
  };
  function utf16(little) {
    return {
      stringify: function (wa) {
        var b = toBytes(wa), s = '';
        for (var i = 0; i + 1 < b.length; i += 2) { s += String.fromCharCode(little ? b[i] | b[i + 1] << 8 : b[i] << 8 | b[i + 1]); }
        return s;
      },
      parse: function (s) {
        s = String(s);
        var b = [];
        for (var i = 0; i < s.length; i++) {
          var c = s.charCodeAt(i);
          if (little) { b.push(c & 255, c >> 8); } else { b.push(c >> 8, c & 255); }
        }
        return fromBytes(b);
      }
    };
  }
  var enc = { Hex: Hex, Latin1: Latin1, Utf8: Utf8, Base64: Base64, Base64url: Base64url,
    Utf16: utf16(false), Utf16BE: utf16(false), Utf16LE: utf16(true) };

  // Strings are UTF-8 encoded, as crypto-js does for every message, key and password.
  function bytesOf(m) {
    if (m instanceof WordArray) { return toBytes(m); }
    return utf8Bytes(String(m === undefined || m === null ? '' : m));
  }
  function hexIn(m) { return hexOf(bytesOf(m)); }
  // A key, password or salt crypto-js reads `.sigBytes` from: undefined or null throws there (a
  // script signing with a variable that is not set fails under Newman; it must not sign with "").
  function keyIn(k) {
    if (k === undefined || k === null) {
      throw new TypeError("Cannot read properties of " + k + " (reading 'sigBytes')");
    }
    return hexIn(k);
  }
  function fromHex(h) {
    if (h.charAt(0) === '!') { throw new Error(h.slice(1)); }
    return fromBytes(hexBytes(h));
  }

  // ---- hashers ----
  function hasherName(name, cfg) {
    return name === 'SHA3' ? 'SHA3-' + (cfg && cfg.outputLength || 512) : name;
  }
  function Hasher(name, cfg) { this._name = name; this._cfg = cfg || {}; this.reset(); }
  Hasher.prototype.reset = function () { this._data = []; return this; };
  Hasher.prototype.update = function (m) { this._data = this._data.concat(bytesOf(m)); return this; };
  Hasher.prototype.finalize = function (m) {
    if (m !== undefined) { this.update(m); }
    var out = fromHex(N.digest(hasherName(this._name, this._cfg), hexOf(this._data)));
    this.reset();
    return out;
  };
  function Hmac(hasher, key) { this._name = hasher._name; this._key = keyIn(key); this.reset(); }
  Hmac.prototype.reset = function () { this._data = []; return this; };
  Hmac.prototype.update = Hasher.prototype.update;
  Hmac.prototype.finalize = function (m) {
    if (m !== undefined) { this.update(m); }
    var out = fromHex(N.hmac(hasherName(this._name), this._key, hexOf(this._data)));
    this.reset();
    return out;
  };

  var algo = {
    HMAC: { create: function (hasher, key) { return new Hmac(hasher, key); } }
  };
  var C = { lib: { WordArray: WordArray }, enc: enc, algo: algo };
  ['MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'SHA3', 'RIPEMD160'].forEach(function (name) {
    algo[name] = { _name: name, create: function (cfg) { return new Hasher(name, cfg); } };
    C[name] = function (m, cfg) { return fromHex(N.digest(hasherName(name, cfg), hexIn(m))); };
    C['Hmac' + name] = function (m, key) { return fromHex(N.hmac(hasherName(name), keyIn(key), hexIn(m))); };
  });

  // ---- key derivation ----
  function hasherOf(cfg, dflt) { return cfg && cfg.hasher && cfg.hasher._name || dflt; }
  C.PBKDF2 = function (password, salt, cfg) {
    cfg = cfg || {};
    var words = cfg.keySize === undefined ? 4 : cfg.keySize;
    return fromHex(N.pbkdf2(hasherOf(cfg, 'SHA1'), keyIn(password), keyIn(salt),
      cfg.iterations === undefined ? 1 : cfg.iterations, Math.round(words * 4)));
  };
  algo.PBKDF2 = { create: function (cfg) { return { compute: function (p, s) { return C.PBKDF2(p, s, cfg); } }; } };
  C.EvpKDF = function (password, salt, cfg) {
    cfg = cfg || {};
    var words = cfg.keySize === undefined ? 4 : cfg.keySize;
    return fromHex(N.evpKdf(hasherOf(cfg, 'MD5'), keyIn(password), hexIn(salt),
      cfg.iterations === undefined ? 1 : cfg.iterations, Math.round(words * 4)));
  };
  algo.EvpKDF = { create: function (cfg) { return { compute: function (p, s) { return C.EvpKDF(p, s, cfg); } }; } };

  // ---- ciphers ----
  function CipherParams(o) { for (var k in o) { if (Object.prototype.hasOwnProperty.call(o, k)) { this[k] = o[k]; } } }
  CipherParams.create = function (o) { return new CipherParams(o); };
  CipherParams.prototype.toString = function (formatter) { return (formatter || this.formatter || OpenSSLFormat).stringify(this); };
  var SALTED = [0x53, 0x61, 0x6c, 0x74, 0x65, 0x64, 0x5f, 0x5f];
  var OpenSSLFormat = {
    stringify: function (cp) {
      var ct = toBytes(cp.ciphertext);
      return b64Encode(cp.salt ? SALTED.concat(toBytes(cp.salt), ct) : ct);
    },
    parse: function (s) {
      var b = b64Decode(String(s));
      var salted = b.length >= 16 && SALTED.every(function (x, i) { return b[i] === x; });
      return new CipherParams(salted ? { ciphertext: fromBytes(b.slice(16)), salt: fromBytes(b.slice(8, 16)) }
        : { ciphertext: fromBytes(b) });
    }
  };
  var HexFormat = {
    stringify: function (cp) { return Hex.stringify(cp.ciphertext); },
    parse: function (s) { return new CipherParams({ ciphertext: Hex.parse(s) }); }
  };
  var OpenSSLKdf = {
    execute: function (password, keySize, ivSize, salt, hasher) {
      salt = salt || WordArray.random(8);
      var all = toBytes(C.EvpKDF(password, salt, { keySize: keySize + ivSize, hasher: hasher }));
      return new CipherParams({ key: fromBytes(all.slice(0, keySize * 4)), iv: fromBytes(all.slice(keySize * 4)), salt: salt });
    }
  };
  function named(names) { var o = {}; names.forEach(function (n) { o[n] = { _name: n }; }); return o; }
  C.mode = named(['CBC', 'ECB', 'CFB', 'OFB', 'CTR', 'CTRGladman']);
  C.pad = named(['Pkcs7', 'AnsiX923', 'Iso10126', 'Iso97971', 'ZeroPadding', 'NoPadding']);
  C.format = { OpenSSL: OpenSSLFormat, Hex: HexFormat };
  C.kdf = { OpenSSL: OpenSSLKdf };
  C.lib.CipherParams = CipherParams;

  function run(alg, encrypt, key, iv, cfg, data) {
    [cfg.mode, cfg.padding].forEach(function (x) { if (x && x.__unsupported) { throw new Error(x.__unsupported); } });
    var mode = cfg.mode && cfg.mode._name || 'CBC', pad = cfg.padding && cfg.padding._name || 'Pkcs7';
    var out = N.cipher(alg, mode + '/' + pad, encrypt, hexOf(toBytes(key)), iv && mode !== 'ECB' ? hexOf(toBytes(iv)) : '', hexOf(data));
    if (out.charAt(0) === '!') { throw new Error(out.slice(1)); }
    return { bytes: hexBytes(out), mode: mode, pad: pad };
  }
  function blockCipher(alg, keyWords, ivWords) {
    var spec = { keySize: keyWords, ivSize: ivWords, _name: alg };
    spec.encrypt = function (message, key, cfg) {
      cfg = cfg || {};
      var salt, iv = cfg.iv;
      if (!(key instanceof WordArray)) {
        var derived = OpenSSLKdf.execute(String(key), keyWords, ivWords, cfg.salt, cfg.hasher);
        key = derived.key; iv = derived.iv; salt = derived.salt;
      }
      var r = run(alg, true, key, iv, cfg, bytesOf(message));
      return new CipherParams({ ciphertext: fromBytes(r.bytes), key: key, iv: iv, salt: salt, algorithm: spec,
        mode: C.mode[r.mode], padding: C.pad[r.pad], blockSize: ivWords, formatter: cfg.format || OpenSSLFormat });
    };
    spec.decrypt = function (ciphertext, key, cfg) {
      cfg = cfg || {};
      var cp = typeof ciphertext === 'string' ? (cfg.format || OpenSSLFormat).parse(ciphertext) : ciphertext;
      var iv = cfg.iv;
      if (!(key instanceof WordArray)) {
        var derived = OpenSSLKdf.execute(String(key), keyWords, ivWords, cp.salt, cfg.hasher);
        key = derived.key; iv = derived.iv;
      }
      // crypto-js answers a wrong key or damaged data with garbage bytes rather than an error;
      // here that garbage is an empty WordArray, so `.toString(Utf8)` gives ''.
      try { return fromBytes(run(alg, false, key, iv, cfg, toBytes(cp.ciphertext)).bytes); }
      catch (e) {
        if (/not supported|invalid key length/.test(e.message)) { throw e; }
        return new WordArray([], 0);
      }
    };
    return spec;
  }
  C.AES = blockCipher('AES', 8, 4);
  C.DES = blockCipher('DES', 2, 2);
  C.TripleDES = blockCipher('TripleDES', 6, 2);
  algo.AES = C.AES; algo.DES = C.DES; algo.TripleDES = C.TripleDES;

  G.__unsupportedIn(C, 'CryptoJS', Object.prototype);
  G.__unsupportedIn(C.AES, 'CryptoJS.AES', Object.prototype);
  G.__unsupportedIn(C.mode, 'CryptoJS.mode', Object.prototype);
  G.__unsupportedIn(C.pad, 'CryptoJS.pad', Object.prototype);
  G.__unsupportedIn(enc, 'CryptoJS.enc', Object.prototype);
  G.__libs['crypto-js'] = C;
})(globalThis);
