// Node's Buffer for scripts (global `Buffer`, require('buffer')): a Uint8Array subclass with
// Node's encodings (utf8, hex, base64, base64url, latin1/binary, ascii, utf16le/ucs2) and the
// commonly used methods. Written for conform from Node's documented API.
(function (G) {
  'use strict';
  var B = G.__bytes;

  function norm(enc) {
    var e = String(enc === undefined ? 'utf8' : enc).toLowerCase();
    switch (e) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'hex': return 'hex';
      case 'base64': return 'base64';
      case 'base64url': return 'base64url';
      case 'latin1': case 'binary': return 'latin1';
      case 'ascii': return 'ascii';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    }
    throw new TypeError('Unknown encoding: ' + enc);
  }
  function encodeString(s, enc) {
    switch (norm(enc)) {
      case 'utf8': return B.utf8Bytes(s);
      case 'hex': {
        var out = [];
        for (var i = 0; i + 1 < s.length; i += 2) {
          var v = parseInt(s.substr(i, 2), 16);
          if (v !== v) { break; }
          out.push(v);
        }
        return out;
      }
      case 'base64': case 'base64url': return B.b64Decode(s);
      case 'latin1': case 'ascii': return B.latin1Bytes(s);
      case 'utf16le': {
        var b = [];
        for (var j = 0; j < s.length; j++) { var c = s.charCodeAt(j); b.push(c & 255, c >> 8); }
        return b;
      }
    }
  }
  // Node replaces malformed UTF-8 with U+FFFD instead of throwing.
  function utf8Lenient(bytes) {
    var s = '', i = 0;
    while (i < bytes.length) {
      var b = bytes[i], n = b < 0x80 ? 0 : (b & 0xe0) === 0xc0 ? 1 : (b & 0xf0) === 0xe0 ? 2 : (b & 0xf8) === 0xf0 ? 3 : -1;
      if (n < 0 || i + n >= bytes.length + (n ? 0 : 1)) { s += '\ufffd'; i++; continue; }
      var cp = n === 0 ? b : b & (0x3f >> n), ok = true;
      for (var k = 1; k <= n; k++) {
        if ((bytes[i + k] & 0xc0) !== 0x80) { ok = false; break; }
        cp = cp << 6 | bytes[i + k] & 63;
      }
      if (!ok) { s += '\ufffd'; i++; continue; }
      s += String.fromCodePoint(cp);
      i += n + 1;
    }
    return s;
  }
  function decodeBytes(bytes, enc) {
    switch (norm(enc)) {
      case 'utf8': return utf8Lenient(bytes);
      case 'hex': return B.hexOf(bytes);
      case 'base64': return B.b64Encode(bytes);
      case 'base64url': return B.b64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      case 'latin1': return B.latin1String(bytes);
      case 'ascii': return B.latin1String(bytes.map(function (x) { return x & 127; }));
      case 'utf16le': {
        var s = '';
        for (var i = 0; i + 1 < bytes.length; i += 2) { s += String.fromCharCode(bytes[i] | bytes[i + 1] << 8); }
        return s;
      }
    }
  }

  class Buffer extends Uint8Array {
    static from(v, encOrOffset, length) {
      if (typeof v === 'string') { return Buffer._of(encodeString(v, encOrOffset)); }
      if (v instanceof ArrayBuffer) {
        return new Buffer(v, encOrOffset || 0, length === undefined ? v.byteLength - (encOrOffset || 0) : length);
      }
      if (v && v.type === 'Buffer' && Array.isArray(v.data)) { return Buffer._of(v.data); }
      if (v == null || typeof v === 'number') {
        throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
      }
      return Buffer._of(Array.prototype.slice.call(v));
    }
    static _of(bytes) { var b = new Buffer(bytes.length); b.set(bytes); return b; }
    static alloc(n, fill, enc) { var b = new Buffer(n); if (fill !== undefined) { b.fill(fill, 0, n, enc); } return b; }
    static allocUnsafe(n) { return new Buffer(n); }
    static allocUnsafeSlow(n) { return new Buffer(n); }
    static isBuffer(v) { return v instanceof Buffer; }
    static isEncoding(e) { try { norm(e); return true; } catch (x) { return false; } }
    static byteLength(v, enc) { return typeof v === 'string' ? encodeString(v, enc).length : v.byteLength; }
    static concat(list, total) {
      var bytes = [];
      list.forEach(function (b) { for (var i = 0; i < b.length; i++) { bytes.push(b[i]); } });
      if (total !== undefined) { bytes = bytes.slice(0, total); while (bytes.length < total) { bytes.push(0); } }
      return Buffer._of(bytes);
    }
    static compare(a, b) { return a.compare(b); }
    toString(enc, start, end) {
      var bytes = Array.prototype.slice.call(this, start || 0, end === undefined ? this.length : end);
      return decodeBytes(bytes, enc);
    }
    toJSON() { return { type: 'Buffer', data: Array.prototype.slice.call(this) }; }
    equals(o) { return this.compare(o) === 0; }
    compare(o) {
      var n = Math.min(this.length, o.length);
      for (var i = 0; i < n; i++) { if (this[i] !== o[i]) { return this[i] < o[i] ? -1 : 1; } }
      return this.length === o.length ? 0 : this.length < o.length ? -1 : 1;
    }
    slice(s, e) { return this.subarray(s, e); }
    subarray(s, e) { var u = Uint8Array.prototype.subarray.call(this, s, e); return new Buffer(u.buffer, u.byteOffset, u.length); }
    write(str, offset, length, enc) {
      if (typeof offset === 'string') { enc = offset; offset = 0; length = undefined; }
      else if (typeof length === 'string') { enc = length; length = undefined; }
      offset = offset || 0;
      var bytes = encodeString(String(str), enc), n = Math.min(bytes.length, this.length - offset, length === undefined ? Infinity : length);
      for (var i = 0; i < n; i++) { this[offset + i] = bytes[i]; }
      return n;
    }
    fill(v, start, end, enc) {
      if (typeof start === 'string') { enc = start; start = 0; end = this.length; }
      start = start || 0; end = end === undefined ? this.length : end;
      if (typeof v === 'number') { return Uint8Array.prototype.fill.call(this, v & 255, start, end); }
      var bytes = typeof v === 'string' ? encodeString(v, enc) : Array.prototype.slice.call(v);
      if (!bytes.length) { bytes = [0]; }
      for (var i = start, j = 0; i < end; i++, j++) { this[i] = bytes[j % bytes.length]; }
      return this;
    }
    copy(target, tStart, sStart, sEnd) {
      tStart = tStart || 0; sStart = sStart || 0; sEnd = sEnd === undefined ? this.length : sEnd;
      var n = Math.min(sEnd - sStart, target.length - tStart);
      for (var i = 0; i < n; i++) { target[tStart + i] = this[sStart + i]; }
      return Math.max(n, 0);
    }
    indexOf(v, from, enc) {
      if (typeof v === 'number') { return Uint8Array.prototype.indexOf.call(this, v & 255, from); }
      var needle = typeof v === 'string' ? encodeString(v, enc) : Array.prototype.slice.call(v);
      from = from || 0;
      if (from < 0) { from = Math.max(this.length + from, 0); }
      outer: for (var i = from; i <= this.length - needle.length; i++) {
        for (var j = 0; j < needle.length; j++) { if (this[i + j] !== needle[j]) { continue outer; } }
        return i;
      }
      return -1;
    }
    includes(v, from, enc) { return this.indexOf(v, from, enc) !== -1; }
    readUInt8(o) { return this[o || 0]; }
    readInt8(o) { var v = this[o || 0]; return v > 127 ? v - 256 : v; }
    readUInt16BE(o) { o = o || 0; return this[o] << 8 | this[o + 1]; }
    readUInt16LE(o) { o = o || 0; return this[o] | this[o + 1] << 8; }
    readUInt32BE(o) { o = o || 0; return (this[o] * 0x1000000) + (this[o + 1] << 16 | this[o + 2] << 8 | this[o + 3]); }
    readUInt32LE(o) { o = o || 0; return (this[o + 3] * 0x1000000) + (this[o + 2] << 16 | this[o + 1] << 8 | this[o]); }
    readInt16BE(o) { var v = this.readUInt16BE(o); return v > 32767 ? v - 65536 : v; }
    readInt16LE(o) { var v = this.readUInt16LE(o); return v > 32767 ? v - 65536 : v; }
    readInt32BE(o) { return this.readUInt32BE(o) | 0; }
    readInt32LE(o) { return this.readUInt32LE(o) | 0; }
    writeUInt8(v, o) { o = o || 0; this[o] = v; return o + 1; }
    writeUInt16BE(v, o) { o = o || 0; this[o] = v >>> 8; this[o + 1] = v; return o + 2; }
    writeUInt16LE(v, o) { o = o || 0; this[o] = v; this[o + 1] = v >>> 8; return o + 2; }
    writeUInt32BE(v, o) { o = o || 0; this[o] = v >>> 24; this[o + 1] = v >>> 16; this[o + 2] = v >>> 8; this[o + 3] = v; return o + 4; }
    writeUInt32LE(v, o) { o = o || 0; this[o + 3] = v >>> 24; this[o + 2] = v >>> 16; this[o + 1] = v >>> 8; this[o] = v; return o + 4; }
  }
  Buffer.prototype.readUint8 = Buffer.prototype.readUInt8;
  Buffer.prototype.readUint16BE = Buffer.prototype.readUInt16BE;
  Buffer.prototype.readUint32BE = Buffer.prototype.readUInt32BE;
  Buffer.poolSize = 8192;

  G.__libs.buffer = { Buffer: Buffer, kMaxLength: 4294967295, constants: { MAX_LENGTH: 4294967295 }, __decode: decodeBytes };
})(globalThis);
