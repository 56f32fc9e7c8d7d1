// conform's model of postman-collection's Request, Response, Url and property lists, plus the
// chai-postman response assertions (wording as chai-postman has it). Written for conform.
// Exposes globalThis.__http = { Request, Response, PropertyList, Url, getPath }.
(function (G) {
  'use strict';
  var chai = G.__chai, Assertion = chai.Assertion, flag = chai.flag, deepEqual = chai.deepEqual;

  // ---- property lists (headers, query params, cookies) ----
  function PropertyList(members, caseInsensitive) {
    this.members = members || [];
    this._ci = !!caseInsensitive;
  }
  var PL = PropertyList.prototype;
  PL._same = function (a, b) {
    return this._ci ? String(a).toLowerCase() === String(b).toLowerCase() : String(a) === String(b);
  };
  PL._find = function (key) {
    for (var i = 0; i < this.members.length; i++) {
      if (!this.members[i].disabled && this._same(this.members[i].key, key)) { return this.members[i]; }
    }
    return undefined;
  };
  PL.get = function (key) { var m = this._find(key); return m ? m.value : undefined; };
  PL.one = function (key) { return this._find(key); };
  PL.has = function (key, value) {
    var self = this;
    if (typeof key === 'object' && key !== null) { value = key.value; key = key.key; }
    return this.members.some(function (m) {
      return !m.disabled && self._same(m.key, key) && (value === undefined || m.value === value);
    });
  };
  PL.all = function () { return this.members.slice(); };
  PL.count = function () { return this.members.length; };
  PL.idx = function (i) { return this.members[i]; };
  PL.each = function (fn, ctx) { this.members.forEach(fn, ctx); };
  PL.map = function (fn, ctx) { return this.members.map(fn, ctx); };
  PL.filter = function (fn, ctx) { return this.members.filter(fn, ctx); };
  PL.find = function (fn, ctx) { return this.members.find(fn, ctx); };
  PL.toObject = function () {
    var o = {}, ci = this._ci;
    this.members.forEach(function (m) { if (!m.disabled) { o[ci ? String(m.key).toLowerCase() : m.key] = m.value; } });
    return o;
  };
  PL.toJSON = function () { return this.members.map(function (m) { return { key: m.key, value: m.value }; }); };
  function item(a, b) {
    if (typeof a === 'string' && b !== undefined) { return { key: a, value: String(b) }; }
    if (typeof a === 'string') {
      var i = a.indexOf(':');
      return i === -1 ? { key: a.trim(), value: '' } : { key: a.slice(0, i).trim(), value: a.slice(i + 1).trim() };
    }
    return { key: String(a.key !== undefined ? a.key : a.name), value: a.value === undefined ? null : a.value, disabled: !!a.disabled };
  }
  PL.add = function (a, b) { this.members.push(item(a, b)); };
  PL.append = PL.add;
  PL.upsert = function (a, b) {
    var it = item(a, b), m = this._find(it.key);
    if (m) { m.value = it.value; } else { this.members.push(it); }
  };
  PL.remove = function (pred) {
    var self = this;
    if (typeof pred === 'object' && pred !== null) { pred = pred.key; }
    this.members = this.members.filter(function (m) {
      return typeof pred === 'function' ? !pred(m) : !self._same(m.key, pred);
    });
  };
  PL.clear = function () { this.members = []; };
  PL.populate = function (list) { var self = this; (list || []).forEach(function (x) { self.add(x); }); };
  PL.repopulate = function (list) { this.clear(); this.populate(list); };
  PL.toString = function () {
    return this.members.filter(function (m) { return !m.disabled; })
      .map(function (m) { return m.key + ': ' + m.value; }).join('\n');
  };

  function QueryList(members) { PropertyList.call(this, members, false); }
  QueryList.prototype = Object.create(PL);
  QueryList.prototype.toString = function () {
    return this.members.filter(function (m) { return !m.disabled; })
      .map(function (m) { return m.value === null || m.value === undefined ? m.key : m.key + '=' + m.value; }).join('&');
  };

  // A query param given as one string is `key=value`, not a header's `Key: value`.
  QueryList.prototype.add = function (a, b) {
    if (typeof a === 'string' && b === undefined) {
      Array.prototype.push.apply(this.members, parseQuery(a));
      return;
    }
    PL.add.call(this, a, b);
  };
  QueryList.prototype.append = QueryList.prototype.add;
  QueryList.prototype.upsert = function (a, b) {
    if (typeof a === 'string' && b === undefined) {
      var self = this;
      parseQuery(a).forEach(function (p) { PL.upsert.call(self, p); });
      return;
    }
    PL.upsert.call(this, a, b);
  };

  function parseQuery(q) {
    if (!q) { return []; }
    return q.split('&').map(function (p) {
      var i = p.indexOf('=');
      return i === -1 ? { key: p, value: null } : { key: p.slice(0, i), value: p.slice(i + 1) };
    });
  }

  // ---- Url ----
  function Url(text) { this.update(text); }
  Url.prototype.update = function (text) {
    var s = String(text === undefined || text === null ? '' : text);
    var h = s.indexOf('#');
    this.hash = h === -1 ? undefined : s.slice(h + 1);
    if (h !== -1) { s = s.slice(0, h); }
    var q = s.indexOf('?');
    this.query = new QueryList(parseQuery(q === -1 ? '' : s.slice(q + 1)));
    if (q !== -1) { s = s.slice(0, q); }
    var m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(s);
    this.protocol = m ? m[1] : undefined;
    if (m) { s = s.slice(m[0].length); }
    var slash = s.indexOf('/');
    var hostPart = slash === -1 ? s : s.slice(0, slash);
    var path = slash === -1 ? null : s.slice(slash + 1);
    var at = hostPart.lastIndexOf('@');
    this.auth = undefined;
    if (at !== -1) {
      var cred = hostPart.slice(0, at), c = cred.indexOf(':');
      this.auth = c === -1 ? { user: cred } : { user: cred.slice(0, c), password: cred.slice(c + 1) };
      hostPart = hostPart.slice(at + 1);
    }
    var pm = /^(.*):(\d+|\{\{[^}]*\}\})$/.exec(hostPart);
    this.port = pm ? pm[2] : undefined;
    this.host = (pm ? pm[1] : hostPart).split('.');
    if (this.host.length === 1 && this.host[0] === '') { this.host = []; }
    this.path = path === null ? [] : path.split('/');
  };
  Url.prototype.getHost = function () { return this.host.join('.'); };
  Url.prototype.getRemote = function () { return this.getHost() + (this.port ? ':' + this.port : ''); };
  Url.prototype.getPath = function () { return '/' + this.path.join('/'); };
  Url.prototype.getQueryString = function () { return this.query.toString(); };
  Url.prototype.getPathWithQuery = function () {
    var q = this.getQueryString();
    return this.getPath() + (q ? '?' + q : '');
  };
  Url.prototype.addQueryParams = function (list) {
    var self = this;
    (typeof list === 'string' ? parseQuery(list) : list).forEach(function (x) { self.query.add(x); });
  };
  Url.prototype.removeQueryParams = function (keys) {
    var self = this;
    [].concat(keys).forEach(function (k) { self.query.remove(typeof k === 'object' ? k.key : k); });
  };
  Url.prototype.toString = function () {
    var s = this.protocol ? this.protocol + '://' : '';
    if (this.auth) { s += this.auth.user + (this.auth.password !== undefined ? ':' + this.auth.password : '') + '@'; }
    s += this.getHost();
    if (this.port) { s += ':' + this.port; }
    if (this.path.length) { s += '/' + this.path.join('/'); }
    var q = this.getQueryString();
    if (this.query.count()) { s += '?' + q; }
    if (this.hash !== undefined) { s += '#' + this.hash; }
    return s;
  };
  Url.prototype.toJSON = function () { return this.toString(); };

  // ---- Request ----
  function isForm(headers) {
    var ct = headers.get('content-type');
    return typeof ct === 'string' && ct.toLowerCase().indexOf('application/x-www-form-urlencoded') === 0;
  }
  function Body(raw, form) {
    this.mode = form ? 'urlencoded' : 'raw';
    this.raw = raw === null ? '' : raw;
    if (form) { this.urlencoded = new QueryList(parseQuery(this.raw)); }
  }
  Body.prototype.toString = function () {
    if (this.mode === 'urlencoded' && this.urlencoded) {
      var l = this.urlencoded;
      return typeof l.toString === 'function' && l instanceof QueryList ? l.toString() :
        new QueryList([].concat(l).map(function (x) { return item(x); })).toString();
    }
    return this.raw === undefined || this.raw === null ? '' : String(this.raw);
  };
  Body.prototype.isEmpty = function () { return this.toString() === ''; };
  Body.prototype.update = function (b) {
    if (typeof b === 'string') { this.mode = 'raw'; this.raw = b; return; }
    if (b && typeof b === 'object') {
      this.mode = b.mode || 'raw';
      if (b.raw !== undefined) { this.raw = b.raw; }
      if (b.urlencoded !== undefined) { this.urlencoded = new QueryList([].concat(b.urlencoded).map(function (x) { return item(x); })); }
    }
  };

  // `packed` is "METHOD\0url(\0name\0value)*"; `body` a string or null.
  function unpackRequest(packed, body) {
    var f = packed.split('\0');
    return { m: f[0], u: f[1], h: pairs(f, 2), b: body === undefined ? null : body };
  }
  function Request(d) {
    this.method = d.m;
    this._url = new Url(d.u);
    this.headers = new PropertyList(d.h.map(function (p) { return { key: p[0], value: p[1] }; }), true);
    this.body = new Body(d.b, isForm(this.headers));
    this._orig = { u: this._url.toString(), b: d.b === null ? '' : this.body.toString(), h: JSON.stringify(d.h), m: d.m };
  }
  Object.defineProperty(Request.prototype, 'url', {
    get: function () { return this._url; },
    set: function (v) { this._url = v instanceof Url ? v : new Url(String(v)); }
  });
  Object.defineProperty(Request.prototype, 'to', { get: function () { return new Assertion(this).to; } });
  Request.prototype.addHeader = function (h) { this.headers.add(h); };
  Request.prototype.removeHeader = function (h) { this.headers.remove(h); };
  Request.prototype.upsertHeader = function (h) { this.headers.upsert(h); };
  Request.prototype.getHeaders = function () {
    var o = {};
    this.headers.members.forEach(function (m) { if (!m.disabled) { o[m.key] = m.value; } });
    return o;
  };
  Object.defineProperty(Request.prototype, 'auth', {
    get: function () {
      var a = this.headers.get('authorization');
      if (typeof a !== 'string') { return undefined; }
      var sp = a.indexOf(' '), scheme = (sp === -1 ? a : a.slice(0, sp)).toLowerCase(), cred = sp === -1 ? '' : a.slice(sp + 1);
      if (scheme === 'bearer') { return { type: 'bearer', bearer: [{ key: 'token', value: cred }] }; }
      if (scheme === 'basic') {
        var dec = '';
        try { dec = G.atob(cred); } catch (e) { dec = ''; }
        var c = dec.indexOf(':');
        return { type: 'basic', basic: [{ key: 'username', value: c === -1 ? dec : dec.slice(0, c) },
          { key: 'password', value: c === -1 ? '' : dec.slice(c + 1) }] };
      }
      return { type: scheme };
    }
  });
  Request.prototype.toJSON = function () {
    return { method: this.method, url: this.url.toString(), header: this.headers.toJSON(), body: this.body };
  };
  // Only what changed goes back to Rust, so untouched parts keep their exact bytes.
  Request.prototype._changes = function () {
    var c = {}, any = false;
    var u = this.url.toString();
    if (u !== this._orig.u) { c.u = u; any = true; }
    var m = String(this.method).toUpperCase();
    if (m !== this._orig.m) { c.m = m; any = true; }
    var h = this.headers.members.filter(function (x) { return !x.disabled; })
      .map(function (x) { return [String(x.key), x.value === null || x.value === undefined ? '' : String(x.value)]; });
    if (JSON.stringify(h) !== this._orig.h) { c.h = h; any = true; }
    var b = this.body ? (this.body instanceof Body ? this.body.toString() : String(this.body)) : '';
    if (b !== this._orig.b) { c.b = b; any = true; }
    return any ? c : null;
  };

  // ---- Response ----
  function parseCookies(headers) {
    var out = [];
    headers.forEach(function (p) {
      if (String(p[0]).toLowerCase() !== 'set-cookie') { return; }
      var parts = String(p[1]).split(';'), first = parts.shift(), eq = first.indexOf('=');
      if (eq === -1) { return; }
      var c = { key: first.slice(0, eq).trim(), value: first.slice(eq + 1).trim() };
      c.name = c.key;
      parts.forEach(function (a) {
        var i = a.indexOf('='), k = (i === -1 ? a : a.slice(0, i)).trim().toLowerCase(), v = i === -1 ? true : a.slice(i + 1).trim();
        if (k === 'httponly') { c.httpOnly = true; } else if (k === 'secure') { c.secure = true; }
        else if (k === 'max-age') { c.maxAge = Number(v); } else if (k) { c[k] = v; }
      });
      out.push(c);
    });
    return new PropertyList(out, false);
  }
  // `packed` is "code\0reason\0time\0size(\0name\0value)*", as the engine sends it.
  function Response(packed, body) { this._load(packed, body); }
  var R = Response.prototype;
  // Also used to refill the one pm.response object between requests: assigning existing
  // properties is much cheaper in QuickJS than building a new object's shape.
  R._load = function (packed, body) {
    // The first four fields are read with indexOf: String#split costs more than the rest
    // of a typical test script. Headers are split only when a script reads them.
    var a = packed.indexOf('\0'), b = packed.indexOf('\0', a + 1), c = packed.indexOf('\0', b + 1);
    var d = packed.indexOf('\0', c + 1);
    return this._set(Number(packed.substring(0, a)), packed.substring(a + 1, b),
      Number(packed.substring(b + 1, c)), Number(d === -1 ? packed.substring(c + 1) : packed.substring(c + 1, d)),
      d === -1 ? '' : packed.substring(d + 1), body);
  };
  // The same from fields the engine passes one by one (the main response of each event: no
  // numbers to parse back out of text). `rest` is "name\0value(\0name\0value)*".
  R._set = function (code, status, time, size, rest, body) {
    this.code = code;
    this.status = status;
    this.responseTime = time;
    this.responseSize = size;
    this._rest = rest;
    this._pairs = null;
    this._body = body;
    this._headers = null;
    this._cookies = null;
    return this;
  };
  function pairs(flat, from) {
    var out = [];
    for (var i = from; i + 1 < flat.length; i += 2) { out.push([flat[i], flat[i + 1]]); }
    return out;
  }
  Object.defineProperty(R, '_h', {
    get: function () {
      if (!this._pairs) { this._pairs = this._rest ? pairs(this._rest.split('\0'), 0) : []; }
      return this._pairs;
    }
  });
  Object.defineProperty(R, 'headers', {
    get: function () {
      if (!this._headers) {
        this._headers = new PropertyList(this._h.map(function (p) { return { key: p[0], value: p[1] }; }), true);
      }
      return this._headers;
    }
  });
  Object.defineProperty(R, 'cookies', {
    get: function () { if (!this._cookies) { this._cookies = parseCookies(this._h); } return this._cookies; }
  });
  Object.defineProperty(R, 'to', { get: function () { return new Assertion(this).to; } });
  Object.defineProperty(R, 'be', { get: function () { return new Assertion(this).be; } });
  R.reason = function () { return this.status; };
  R.text = function () { return this._body; };
  R.json = function () {
    var t = this._body;
    if (t.charCodeAt(0) === 0xfeff) { t = t.slice(1); }
    return JSON.parse(t);
  };
  R.details = function () { return { code: this.code, name: this.status, detail: this.status }; };
  R.size = function () {
    var header = 0;
    this._h.forEach(function (p) { header += String(p[0]).length + String(p[1]).length + 4; });
    return { body: this.responseSize, header: header, total: this.responseSize + header };
  };
  R.toJSON = function () {
    return { code: this.code, status: this.status, header: this.headers.toJSON(), body: this._body, responseTime: this.responseTime };
  };

  // ---- path lookup as lodash's _.get/_.has read "a.b[0].c" ----
  function getPath(obj, path) {
    var parts = String(path).replace(/\[(\w+)\]/g, '.$1').split('.').filter(function (p) { return p !== ''; });
    var cur = obj;
    for (var i = 0; i < parts.length; i++) {
      if (cur === null || cur === undefined || typeof cur !== 'object' ||
          !Object.prototype.hasOwnProperty.call(cur, parts[i])) { return { has: false }; }
      cur = cur[parts[i]];
    }
    return { has: true, value: cur };
  }

  // ---- chai-postman assertions ----
  var isResponse = function (x) { return x instanceof Response; };
  var isRequest = function (x) { return x instanceof Request; };
  function requireResponse(a) {
    var o = flag(a, 'object');
    if (!isResponse(o)) {
      throw new chai.AssertionError('expecting a postman response object but got ' + chai.objDisplay(o));
    }
    return o;
  }
  chai.addProperty('postmanResponse', function () {
    this.assert(isResponse(this._obj), 'expecting a postman response object but got #{this}', 'not expecting a postman response object');
  });
  chai.addProperty('postmanRequest', function () {
    this.assert(isRequest(this._obj), 'expecting a postman request object but got #{this}', 'not expecting a postman request object');
  });
  chai.addProperty('postmanRequestOrResponse', function () {
    this.assert(isRequest(this._obj) || isResponse(this._obj),
      'expecting a postman request or response object but got #{this}', 'not expecting a postman request or response object');
  });
  function statusClass(n) {
    return function () {
      var r = requireResponse(this);
      this.assert(Math.floor(r.code / 100) === n, 'expected response code to be #{exp}XX but found #{act}',
        'expected response code to not be #{exp}XX', n, r.code);
    };
  }
  [['info', 1], ['success', 2], ['redirection', 3], ['clientError', 4], ['serverError', 5]].forEach(function (p) {
    chai.addProperty(p[0], statusClass(p[1]));
  });
  chai.addMethod('statusCodeClass', function (n) { statusClass(n).call(this); });
  chai.addProperty('error', function () {
    var r = requireResponse(this), c = Math.floor(r.code / 100);
    this.assert(c === 4 || c === 5, 'expected response code to be 4XX or 5XX but found #{act}',
      'expected response code to not be 4XX or 5XX', null, r.code);
  });
  function reasonAndCode(a, wantReason, wantCode) {
    var r = flag(a, 'object'), got = String(r.reason()).toUpperCase();
    a.assert(got === wantReason, 'expected response to have status reason #{exp} but got #{act}',
      'expected response to not have status reason #{act}', wantReason, got);
    a.assert(r.code === wantCode, 'expected response to have status code #{exp} but got #{act}',
      'expected response to not have status code #{act}', wantCode, r.code);
  }
  [['accepted', 202, 'Accepted'], ['withoutContent', 204, 'No Content'], ['badRequest', 400, 'Bad Request'],
    ['unauthorised', 401, 'Unauthorised'], ['unauthorized', 401, 'Unauthorized'], ['forbidden', 403, 'Forbidden'],
    ['notFound', 404, 'Not Found'], ['notAcceptable', 406, 'Acceptable'], ['rateLimited', 429, 'Too Many Requests']]
    .forEach(function (p) {
      chai.addProperty(p[0], function () { requireResponse(this); reasonAndCode(this, p[2].toUpperCase(), p[1]); });
    });
  chai.override('ok', function () {
    if (!isResponse(this._obj)) {
      this.assert(this._obj, 'expected #{this} to be truthy', 'expected #{this} to be falsy');
      return;
    }
    reasonAndCode(this, 'OK', 200);
  });
  function statusCode(code) {
    var r = requireResponse(this);
    this.assert(r.code === Number(code), 'expected response to have status code #{exp} but got #{act}',
      'expected response to not have status code #{act}', Number(code), r.code);
    if (!flag(this, 'negate') && G.__sb) { G.__sb.noteStatus(Number(code), r.code); }
  }
  chai.addMethod('statusCode', statusCode);
  chai.addMethod('statusReason', function (reason) {
    var r = requireResponse(this);
    reason = String(reason);
    this.assert(r.reason() === reason, 'expected response to have status reason #{exp} but got #{act}',
      'expected response to not have status reason #{act}', reason, r.reason());
  });
  chai.addMethod('status', function (codeOrReason) {
    var r = requireResponse(this);
    if (typeof codeOrReason === 'number') { statusCode.call(this, codeOrReason); return; }
    this.assert(r.reason() === codeOrReason, 'expected response to have status reason #{exp} but got #{act}',
      'expected response to not have status reason #{act}', codeOrReason, r.reason());
  });
  chai.addMethod('header', function (key, value) {
    var o = this._obj, ror = isRequest(o) ? 'request' : isResponse(o) ? 'response' : null;
    if (!ror) {
      throw new chai.AssertionError('expecting a postman request or response object but got ' + chai.objDisplay(o));
    }
    var has = o.headers.has(key);
    this.assert(has, "expected " + ror + " to have header with key '" + String(key) + "'",
      "expected " + ror + " to not have header with key '" + String(key) + "'", true, has);
    if (arguments.length < 2) { return; }
    var got = o.headers.one(key) ? o.headers.one(key).value : undefined;
    this.assert(got === value, "expected '" + String(key) + "' " + ror + ' header to be #{exp} but got #{act}',
      "expected '" + String(key) + "' " + ror + ' header to not be #{act}', value, got);
  });
  chai.addProperty('withBody', function () {
    var t = requireResponse(this).text();
    this.assert(typeof t === 'string' && t.length, 'expected response to have content in body',
      'expected response to not have content in body');
  });
  function jsonError(r) {
    try { r.json(); return null; } catch (e) { return e.name + ': ' + e.message; }
  }
  chai.addProperty('json', function () {
    var err = jsonError(requireResponse(this));
    this.assert(!err, 'expected response body to be a valid json but got error ' + err,
      'expected response body not to be a valid json');
  });
  function isPlainObject(v) {
    return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
  }
  chai.addMethod('body', function (content) {
    var r = requireResponse(this), data;
    if (isPlainObject(content)) {
      try { data = r.json(); } catch (e) { data = undefined; }
      this.assert(deepEqual(data, content), 'expected response body json to equal #{exp} but got #{act}',
        'expected response body json to not equal #{exp} but got #{act}', content, data);
      return;
    }
    data = r.text();
    if (arguments.length === 0) {
      this.assert(typeof data === 'string' && data.length, 'expected response to have content in body',
        'expected response to not have content in body');
      return;
    }
    if (content instanceof RegExp) {
      this.assert(content.exec(data) !== null, 'expected response body text to match #{exp} but got #{act}',
        'expected response body text #{act} to not match #{exp}', content, data);
      return;
    }
    this.assert(deepEqual(data, content), 'expected response body to equal #{exp} but got #{act}',
      'expected response body to not equal #{exp}', content, data);
  });
  chai.addMethod('jsonBody', function (path, value) {
    var r = requireResponse(this), body, err = null;
    try { body = r.json(); } catch (e) { err = e.name + ': ' + e.message; }
    if (arguments.length === 0) {
      this.assert(!err, 'expected response body to be a valid json but got error ' + err,
        'expected response body not to be a valid json');
      return;
    }
    if (typeof path === 'string') {
      var found = getPath(body, path);
      this.assert(found.has, 'expected #{act} in response to contain property #{exp}',
        'expected #{act} in response to not contain property #{exp}', path, body);
      if (arguments.length > 1) {
        this.assert(deepEqual(found.value, value), 'expected response body json at "' + path + '" to contain #{exp} but got #{act}',
          'expected response body json at "' + path + '" to not contain #{exp} but got #{act}', value, found.value);
      }
    }
  });
  chai.addChainable('responseTime', function (value) {
    var t = flag(this, 'number');
    this.assert(typeof t === 'number', 'expected response to have a valid response time but got #{act}',
      'expected response to not have a valid response time but got #{act}', null, t);
    if (arguments.length) {
      this.assert(deepEqual(t, value), 'expected response to have a valid response time but got #{act}',
        'expected response to not have a valid response time but got #{act}', null, t);
    }
  }, function () {
    var r = requireResponse(this);
    flag(this, 'number', r.responseTime);
    flag(this, 'object', r.responseTime);
  });
  chai.addChainable('responseSize', function (value) {
    var s = flag(this, 'number');
    this.assert(typeof s === 'number', 'expected response to have a valid response size but got #{act}',
      'expected response to not have a valid response size but got #{act}', null, s);
    if (arguments.length) {
      this.assert(deepEqual(s, value), 'expected response size to equal #{act} but got #{exp}',
        'expected response size to not equal #{act} but got #{exp}', value, s);
    }
  }, function () {
    var r = requireResponse(this), sz = r.size();
    flag(this, 'number', sz.total);
    flag(this, 'object', sz.total);
  });
  chai.addMethod('jsonSchema', function (schema) {
    new Assertion(schema).to.be.an('object');
    var o = this._obj, data = isResponse(o) || isRequest(o) && typeof o.json === 'function' ? o.json() : o;
    var errors = G.__schemaErrors(schema, data);
    this.assert(errors.length === 0, 'expected data to satisfy schema but found following errors: \n' +
      G.__ajvErrorsText(errors), 'expected data to not satisfy schema', true, errors.length === 0);
  });

  G.__http = { unpackRequest: unpackRequest, Request: Request, Response: Response, PropertyList: PropertyList, Url: Url, getPath: getPath };
})(globalThis);
