// conform's Postman sandbox: pm.*, postman.*, the legacy globals, console, timers, require.
// Built once per collection run; `__sb.begin` swaps in the data of each event so the object
// graph is not rebuilt per request. Written for conform; not a copy of postman-sandbox.
(function (G) {
  'use strict';
  var N = G.__native, chai = G.__chai, H = G.__http, M = G.__modules;
  var AssertionError = chai.AssertionError;
  // One state object for the whole run, refilled by begin() (see Response#_load for why).
  var state = {
    live: false, event: '', info: '', infoObj: null, reqPacked: '', reqBody: null, reqData: null,
    tests: [], pending: [], held: {}, console: [], next: undefined, sends: [], callbacks: {}, timers: [], clock: 0, request: null,
    response: undefined, cookies: null, legacy: {}, perScript: {}, open: false, asyncError: null, statuses: []
  };
  var mainResponse = null;
  var MAX_CONSOLE = 10000;

  // An error thrown by a timer or sendRequest callback does not fail the script under Newman
  // (postman-sandbox sends it out as an event nobody turns into a failure): it is shown in the
  // execution's console instead. Running out of memory still ends the script.
  function callbackError(where, e) {
    if (typeof InternalError === 'function' && e instanceof InternalError) { throw e; }
    var text = e instanceof Error ? e.name + ': ' + e.message : String(e);
    if (state.console.length < MAX_CONSOLE) {
      state.console.push(['error', 'error in a ' + where + ' (ignored, as Newman does): ' + text]);
    }
  }

  // ---- console ----
  function show(v) { return typeof v === 'string' ? v : chai.inspect(v, 4, Infinity); }
  function logger(level) {
    return function () {
      if (!state.live || state.console.length >= MAX_CONSOLE) { return; }
      var parts = [];
      for (var i = 0; i < arguments.length; i++) { parts.push(show(arguments[i])); }
      state.console.push([level, parts.join(' ')]);
    };
  }
  G.console = {
    log: logger('log'), info: logger('info'), warn: logger('warn'), error: logger('error'),
    debug: logger('log'), trace: logger('log'), clear: function () {}
  };

  // ---- timers: virtual clock, drained by the engine after each script ----
  var timerSeq = 0;
  function addTimer(fn, ms, args, every) {
    if (typeof fn !== 'function') { throw new TypeError('callback must be a function'); }
    var delay = Math.max(0, Number(ms) || 0), id = ++timerSeq;
    state.timers.push({ id: id, at: state.clock + delay, fn: fn, args: args, every: every ? Math.max(1, delay) : 0 });
    return id;
  }
  function clearTimer(id) {
    if (!state.live) { return; }
    state.timers = state.timers.filter(function (t) { return t.id !== id; });
  }
  G.setTimeout = function (fn, ms) { return addTimer(fn, ms, Array.prototype.slice.call(arguments, 2), false); };
  G.setInterval = function (fn, ms) { return addTimer(fn, ms, Array.prototype.slice.call(arguments, 2), true); };
  G.setImmediate = function (fn) { return addTimer(fn, 0, Array.prototype.slice.call(arguments, 1), false); };
  G.clearTimeout = clearTimer;
  G.clearInterval = clearTimer;
  G.clearImmediate = clearTimer;

  // ---- variable scopes, backed by the run's VarStore ----
  var GLOBAL = 0, COLLECTION = 1, ENVIRONMENT = 2, DATA = 3, LOCAL = 4, RESOLVED = 5;
  function encode(v) { var s = JSON.stringify(v); return s === undefined ? 'null' : s; }
  function decode(s) { return s === undefined || s === null ? undefined : JSON.parse(s); }
  function replaceFrom(obj, text) {
    return String(text).replace(/\{\{([^{}]+)\}\}/g, function (all, name) {
      if (!Object.prototype.hasOwnProperty.call(obj, name)) { return all; }
      var v = obj[name];
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  // An object a script sets is the same object when that script gets it back (a moment keeps
  // its methods), as in Newman; the store holds its JSON, which is what later scripts see.
  function held(code) { return state.held[code] || (state.held[code] = Object.create(null)); }
  function Scope(code) { this._code = code; }
  Scope.prototype.get = function (k) {
    k = String(k);
    var h = state.held[this._code];
    if (h && k in h) { return h[k]; }
    return decode(N.varGet(this._code, k));
  };
  Scope.prototype.set = function (k, v) {
    k = String(k);
    N.varSet(this._code, k, encode(v));
    if (v !== null && (typeof v === 'object' || typeof v === 'function')) { held(this._code)[k] = v; }
    else if (state.held[this._code]) { delete state.held[this._code][k]; }
  };
  Scope.prototype.unset = function (k) {
    N.varUnset(this._code, String(k));
    if (state.held[this._code]) { delete state.held[this._code][String(k)]; }
  };
  Scope.prototype.has = function (k) { return N.varHas(this._code, String(k)); };
  Scope.prototype.clear = function () { N.varClear(this._code); state.held[this._code] = null; };
  Scope.prototype.toObject = function () { return JSON.parse(N.varAll(this._code)); };
  Scope.prototype.toJSON = function () {
    var o = this.toObject();
    return { values: Object.keys(o).map(function (k) { return { key: k, value: o[k] }; }) };
  };
  Scope.prototype.replaceIn = function (t) { return replaceFrom(this.toObject(), t); };

  function Variables() { Scope.call(this, RESOLVED); }
  Variables.prototype = Object.create(Scope.prototype);
  Variables.prototype.set = function (k, v) { N.varSet(LOCAL, String(k), encode(v)); };
  Variables.prototype.unset = function (k) { N.varUnset(LOCAL, String(k)); };
  Variables.prototype.clear = function () { N.varClear(LOCAL); };
  Variables.prototype.toObject = function () {
    var out = {};
    [GLOBAL, COLLECTION, ENVIRONMENT, DATA, LOCAL].forEach(function (c) {
      var o = JSON.parse(N.varAll(c));
      for (var k in o) { out[k] = o[k]; }
    });
    return out;
  };
  Variables.prototype.replaceIn = function (t) { return N.replaceIn(String(t)); };

  // ---- pm.test ----
  function failure(e) {
    if (e instanceof AssertionError || e && e.name === 'AssertionError') { return String(e.message); }
    if (e instanceof Error) { return e.name + ': ' + e.message; }
    return String(e);
  }
  // Assertions are recorded in the order they finish, as Newman reports them: a test written
  // inside another's callback comes first, an async one when it settles.
  function test(name, fn) {
    var slot = { name: String(name), s: 'p', m: '' };
    var settle = function (s, m) {
      if (slot.s !== 'pending') { return; }
      slot.s = s; slot.m = m || '';
      // Usually the last one pending: pop() spares splice's array of removed elements.
      var at = state.pending.indexOf(slot);
      if (at === state.pending.length - 1) { state.pending.pop(); } else { state.pending.splice(at, 1); }
      state.tests.push(slot);
    };
    if (typeof fn !== 'function') { slot.s = 's'; state.tests.push(slot); return pm; }
    slot.s = 'pending';
    state.pending.push(slot);
    if (fn.length > 0) {
      var done = function (err) { if (err) { settle('f', failure(err)); } else { settle('p'); } };
      try { fn(done); } catch (e) { settle('f', failure(e)); }
      return pm;
    }
    var r;
    try { r = fn(); } catch (e) { settle('f', failure(e)); return pm; }
    // An async test function settles through the promise job queue the engine drains.
    if (r && typeof r.then === 'function') {
      r.then(function () { settle('p'); }, function (e) { settle('f', failure(e)); });
    } else {
      settle('p');
    }
    return pm;
  }
  test.skip = function (name) { state.tests.push({ name: String(name), s: 's', m: '' }); return pm; };

  // ---- pm.sendRequest ----
  function urlencode(list) {
    return [].concat(list || []).filter(function (p) { return p && !p.disabled; }).map(function (p) {
      return encodeURIComponent(p.key) + '=' + encodeURIComponent(p.value === undefined ? '' : p.value);
    }).join('&');
  }
  function normaliseRequest(r) {
    if (typeof r === 'string' || r instanceof H.Url) { return { m: 'GET', u: String(r), h: [], b: null }; }
    if (r instanceof H.Request) { r = r.toJSON(); }
    r = r || {};
    var url = r.url;
    if (url && typeof url === 'object' && !(url instanceof H.Url)) { url = url.raw !== undefined ? url.raw : String(url); }
    var h = [], hd = r.header || r.headers;
    if (Array.isArray(hd)) { hd.forEach(function (x) { if (x && !x.disabled) { h.push([String(x.key), String(x.value)]); } }); }
    else if (hd instanceof H.PropertyList) { hd.each(function (x) { h.push([String(x.key), String(x.value)]); }); }
    else if (typeof hd === 'string') {
      hd.split('\n').forEach(function (line) {
        var i = line.indexOf(':');
        if (i > 0) { h.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]); }
      });
    } else if (hd && typeof hd === 'object') { Object.keys(hd).forEach(function (k) { h.push([k, String(hd[k])]); }); }
    var b = null, body = r.body;
    var hasType = h.some(function (p) { return p[0].toLowerCase() === 'content-type'; });
    if (typeof body === 'string') { b = body; }
    else if (body && typeof body === 'object') {
      var mode = body.mode || 'raw';
      if (mode === 'raw') {
        b = typeof body.raw === 'string' ? body.raw : body.raw === undefined ? '' : JSON.stringify(body.raw);
        // As Newman: a raw body without a type goes as text/plain.
        if (!hasType && b !== '') { h.push(['Content-Type', 'text/plain']); }
      }
      else if (mode === 'urlencoded') {
        b = urlencode(body.urlencoded);
        if (!hasType) { h.push(['Content-Type', 'application/x-www-form-urlencoded']); }
      } else if (mode === 'graphql' && body.graphql) {
        b = JSON.stringify(body.graphql);
        if (!hasType) { h.push(['Content-Type', 'application/json']); }
      } else { throw new Error('pm.sendRequest: body mode ' + mode + ' is not supported'); }
    }
    return { m: String(r.method || 'GET').toUpperCase(), u: String(url === undefined ? '' : url), h: h, b: b };
  }
  var sendSeq = 0;
  function sendRequest(req, cb) {
    var d = normaliseRequest(req);
    d.id = ++sendSeq;
    state.sends.push(d);
    state.callbacks[d.id] = cb;
  }

  // ---- pm.cookies and pm.cookies.jar(): the run's cookie jar, kept in Rust ----
  function ensureEncoded(v) {
    var s = String(v);
    try { s = decodeURIComponent(s); } catch (e) { /* already raw */ }
    try { return encodeURIComponent(s); } catch (e) { return s; }
  }
  // postman-collection's Cookie: the value kept URL-encoded, valueOf() decodes it.
  function Cookie(o) {
    this.name = o.name;
    this.expires = o.expires ? new Date(o.expires) : null;
    this.maxAge = o.maxAge;
    this.domain = o.domain;
    this.path = o.path;
    this.secure = o.secure;
    this.httpOnly = o.httpOnly;
    this.hostOnly = o.hostOnly;
    this.value = o.value ? ensureEncoded(o.value) : undefined;
    if (o.extensions) { this.extensions = o.extensions; }
  }
  Object.defineProperty(Cookie.prototype, 'key', { get: function () { return this.name; } });
  Cookie.prototype.valueOf = function () {
    try { return decodeURIComponent(this.value); } catch (e) { return this.value; }
  };
  Cookie.prototype.toString = function () {
    var v = this.value === undefined ? '' : this.value;
    return this.name ? this.name + '=' + v : v;
  };
  function CookieList(members) { H.PropertyList.call(this, members, false); }
  CookieList.prototype = Object.create(H.PropertyList.prototype);
  CookieList.prototype.get = function (k) { var m = this._find(k); return m ? m.valueOf() : undefined; };
  CookieList.prototype.toObject = function () {
    var o = {};
    this.members.forEach(function (m) { if (m.name) { o[m.name] = m.valueOf(); } });
    return o;
  };
  CookieList.prototype.toJSON = function () { return this.members.slice(); };
  function cookieList(json) {
    var list = JSON.parse(json);
    if (!Array.isArray(list)) { return new CookieList([]); }
    return new CookieList(list.map(function (o) { return new Cookie(o); }));
  }
  function jarUrl(url, method) {
    var u = url instanceof H.Url ? url.toString() : typeof url === 'string' && url ? url : null;
    if (!u) { throw new TypeError('CookieJar.' + method + '() requires a valid url'); }
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? u : 'http://' + u;
  }
  // Callbacks run after the script body. In Newman each store call is a round trip to the
  // runtime, so an operation needing more of them calls back later: `trips` keeps that order
  // (get 1, set 2, unset 2, clear 1 + one per cookie) on the sandbox's virtual clock.
  function later(cb, args, trips) {
    if (typeof cb === 'function') { addTimer(cb, trips, args, false); }
  }
  function outcome(json) {
    var r = JSON.parse(json);
    return r && r.error !== undefined ? { error: new Error(r.error) } : r;
  }
  var cookieJar = {
    get: function (url, name, cb) {
      url = jarUrl(url, 'get');
      if (typeof cb !== 'function') { throw new TypeError('CookieJar.get() requires a callback function'); }
      if (typeof name !== 'string') { throw new TypeError('CookieJar.get() requires cookie name to be a string'); }
      var r = outcome(N.cookieList(url));
      if (r.error) { return later(cb, [r.error], 1); }
      var found = null;
      for (var i = 0; i < r.length; i++) { if (r[i].name === name) { found = new Cookie(r[i]).valueOf(); break; } }
      later(cb, [null, found], 1);
    },
    getAll: function (url, options, cb) {
      url = jarUrl(url, 'getAll');
      if (typeof options === 'function' && cb === undefined) { cb = options; options = {}; }
      if (typeof cb !== 'function') { throw new TypeError('CookieJar.getAll() requires a callback function'); }
      if (typeof options !== 'object' || options === null) { throw new TypeError('CookieJar.getAll() requires options to be an object'); }
      var has = function (k) { return Object.prototype.hasOwnProperty.call(options, k); };
      var http = has('http') ? Boolean(options.http) : true;
      var secure = has('secure') ? (options.secure ? 1 : 0) : -1;
      var json = N.cookieGetAll(url, http, secure), r = outcome(json);
      if (r.error) { return later(cb, [r.error], 1); }
      later(cb, [null, cookieList(json)], 1);
    },
    set: function (url, name, value, cb) {
      url = jarUrl(url, 'set');
      if (typeof value === 'function' && cb === undefined) { cb = value; value = null; }
      var r;
      if (name && value) { r = N.cookieSet(url, 'o', JSON.stringify({ name: String(name), value: String(value) })); }
      else if (name && typeof name === 'object') { r = N.cookieSet(url, 'o', JSON.stringify(name)); }
      else if (typeof name === 'string') { r = N.cookieSet(url, 'h', name); }
      else { throw new TypeError('CookieJar.set() requires a valid set cookie arguments'); }
      r = outcome(r);
      later(cb, r.error ? [r.error] : [null, new Cookie(r.cookie)], 2);
    },
    unset: function (url, name, cb) {
      url = jarUrl(url, 'unset');
      if (typeof name !== 'string') { throw new TypeError('CookieJar.unset() requires cookie name to be a string'); }
      var r = outcome(N.cookieUnset(url, name));
      later(cb, r.error ? [r.error] : [null, undefined], r.removed ? 2 : 1);
    },
    clear: function (url, cb) {
      url = jarUrl(url, 'clear');
      var r = outcome(N.cookieClear(url));
      later(cb, r.error ? [r.error] : [null, undefined], 1 + (r.removed || 0));
    }
  };
  CookieList.prototype.jar = function () { return cookieJar; };

  // ---- require ----
  function requireModule(name) {
    if (Object.prototype.hasOwnProperty.call(M, name)) { return M[name]; }
    throw new Error("require('" + name + "') is not supported by conform; available: " + Object.keys(M).join(', '));
  }
  G.require = requireModule;
  // Libraries postman-sandbox exposes as globals. The big ones load on first access, so a
  // script that never names them pays nothing; a script may still shadow or assign them.
  function libraryGlobal(name, load) {
    var own = { set: false, v: undefined };
    Object.defineProperty(G, name, {
      get: function () { return own.set ? own.v : load(); },
      set: function (v) { own.set = true; own.v = v; },
      configurable: true
    });
  }
  libraryGlobal('_', function () { return G.__lodash3(); });
  libraryGlobal('CryptoJS', function () { return M['crypto-js']; });
  libraryGlobal('cheerio', function () { return M.cheerio; });
  libraryGlobal('Buffer', function () { return M.buffer.Buffer; });
  G.tv4 = M.tv4;
  G.Backbone = G.__unsupportedIn({}, 'Backbone', Object.prototype);

  // ---- pm ----
  function setNextRequest(name) {
    state.next = name === null || name === undefined ? null : String(name);
  }
  var pm = {
    test: test,
    expect: chai.expect,
    globals: new Scope(GLOBAL),
    collectionVariables: new Scope(COLLECTION),
    environment: new Scope(ENVIRONMENT),
    iterationData: new Scope(DATA),
    variables: new Variables(),
    sendRequest: sendRequest,
    require: requireModule,
    execution: {
      setNextRequest: setNextRequest,
      location: [],
      skipRequest: function () { throw new Error('pm.execution.skipRequest is not supported by conform'); }
    },
    // Visualizations only matter in the Postman app.
    visualizer: { set: function () {}, clear: function () {} }
  };
  Object.defineProperty(pm, 'request', {
    get: function () {
      if (!state.request) { state.request = new H.Request(requestData()); }
      return state.request;
    },
    enumerable: true
  });
  Object.defineProperty(pm, 'info', {
    get: function () {
      if (!state.infoObj) {
        var i = state.info.split('\0');
        state.infoObj = { eventName: i[0], iteration: Number(i[1]), iterationCount: Number(i[2]),
          requestName: i[3], requestId: i[4] };
      }
      return state.infoObj;
    },
    enumerable: true
  });
  Object.defineProperty(pm, 'response', { get: function () { return state.response; }, enumerable: true });
  Object.defineProperty(pm, 'cookies', {
    get: function () {
      // Newman fills pm.cookies from the jar for the request's URL once the response is in.
      if (!state.cookies) {
        var json = state.response ? N.cookieList(requestData().u) : '[]';
        // An engine without a jar (outside a run) reads the response's own Set-Cookie headers.
        state.cookies = json.charAt(0) === '[' ? cookieList(json) : state.response.cookies;
      }
      return state.cookies;
    },
    enumerable: true
  });
  G.pm = pm;
  G.structuredClone = function (v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); };

  function requestData() {
    if (!state.reqData) { state.reqData = H.unpackRequest(state.reqPacked, state.reqBody); }
    return state.reqData;
  }

  // ---- legacy API ----
  var env = pm.environment, glob = pm.globals;
  // The legacy setters store strings, as Postman's legacy interface does.
  function legacyValue(v) {
    return (v === false || v) && typeof v.toString === 'function' ? v.toString() : v;
  }
  G.postman = {
    setNextRequest: setNextRequest,
    setEnvironmentVariable: function (k, v) { env.set(k, legacyValue(v)); },
    getEnvironmentVariable: function (k) { return env.get(k); },
    clearEnvironmentVariable: function (k) { env.unset(k); },
    clearEnvironmentVariables: function () { env.clear(); },
    setGlobalVariable: function (k, v) { glob.set(k, legacyValue(v)); },
    getGlobalVariable: function (k) { return glob.get(k); },
    clearGlobalVariable: function (k) { glob.unset(k); },
    clearGlobalVariables: function () { glob.clear(); },
    getResponseHeader: function (k) { return state.response ? state.response.headers.get(k) : undefined; },
    getResponseCookie: function (k) {
      var c = state.response ? state.response.cookies.one(k) : undefined;
      return c ? { name: c.key, value: c.value } : undefined;
    }
  };
  function lazyGlobal(name, bucket, compute) {
    Object.defineProperty(G, name, {
      get: function () {
        var c = state[bucket];
        if (!(name in c)) { c[name] = compute(); }
        return c[name];
      },
      set: function (v) { state[bucket][name] = v; },
      configurable: true
    });
  }
  lazyGlobal('environment', 'perScript', function () { return env.toObject(); });
  lazyGlobal('globals', 'perScript', function () { return glob.toObject(); });
  lazyGlobal('data', 'perScript', function () { return pm.iterationData.toObject(); });
  lazyGlobal('iteration', 'legacy', function () { return pm.info.iteration; });
  lazyGlobal('request', 'legacy', function () {
    var r = requestData(), headers = {};
    r.h.forEach(function (p) { headers[p[0]] = p[1]; });
    return { id: pm.info.requestId, name: pm.info.requestName, url: r.u, method: r.m, headers: headers,
      data: r.b === null ? {} : r.b };
  });
  lazyGlobal('responseBody', 'legacy', function () { return state.response ? state.response.text() : undefined; });
  lazyGlobal('responseTime', 'legacy', function () { return state.response ? state.response.responseTime : undefined; });
  lazyGlobal('responseCode', 'legacy', function () {
    var r = state.response;
    return r ? { code: r.code, name: r.status, detail: r.status } : undefined;
  });
  lazyGlobal('responseHeaders', 'legacy', function () {
    var o = {};
    if (state.response) { state.response._h.forEach(function (p) { o[p[0]] = p[1]; }); }
    return o;
  });
  lazyGlobal('responseCookies', 'legacy', function () {
    return state.response ? state.response.cookies.all().map(function (c) { return { name: c.key, value: c.value }; }) : [];
  });

  // Closes the current script: drops its pending callbacks, records its legacy `tests`.
  function finish() {
    state.open = false;
    state.held = {};
    state.timers = []; state.sends = []; state.callbacks = {};
    var t = G.tests;
    if (t && typeof t === 'object') {
      for (var k in t) {
        if (!Object.prototype.hasOwnProperty.call(t, k)) { continue; }
        var ok = !!t[k];
        state.tests.push({ name: k, s: ok ? 'p' : 'f', m: ok ? '' : 'expected tests["' + k + '"] to be truth-like' });
      }
    }
    G.tests = {};
  }

  // Scripts share one global object for the whole run; keep them from replacing the sandbox.
  function pin(name) { Object.defineProperty(G, name, { value: G[name], writable: false, configurable: false }); }

  // ---- entry points for the engine ----
  // Refills the state for a new event. The main response comes as fields (`code` undefined:
  // no response, as in a pre-request script): see Response#_set.
  function begin(info, request, requestBody, code, reason, time, size, headers, body) {
    var st = state;
    st.live = true; st.event = info.substring(0, info.indexOf('\0')); st.info = info; st.infoObj = null;
    // The lists are private to the sandbox and were read by end(): emptied in place, not
    // reallocated, for every request.
    st.reqPacked = request; st.reqBody = requestBody; st.reqData = null; st.tests.length = 0; st.pending.length = 0; st.held = {}; st.console.length = 0;
    st.next = undefined; st.sends.length = 0; st.callbacks = {}; st.timers.length = 0; st.clock = 0; st.request = null;
    st.cookies = null; st.legacy = {}; st.perScript = {}; st.open = false; st.asyncError = null; st.statuses.length = 0;
    if (code !== undefined) {
      if (!mainResponse) { mainResponse = Object.create(H.Response.prototype); }
      st.response = mainResponse._set(code, reason, time, size, headers, body);
    } else {
      st.response = undefined;
    }
  }
  // Returns whether callbacks (timers, sendRequest) are waiting to be drained.
  function run(fn) {
    if (state.open) { finish(); }
    state.open = true;
    state.perScript = {};
    G.tests = {};
    var r = fn();
    // Scripts using top-level await run as async functions; their failure arrives later.
    if (r && typeof r.then === 'function') {
      r.then(null, function (e) { state.asyncError = { e: e }; });
      return true;
    }
    return state.sends.length > 0 || state.timers.length > 0;
  }
  G.__sb = {
    begin: begin,
    run: run,
    // begin() and run() of the event's first script in one call from the engine (one entry
    // into the engine fewer per request).
    first: function (fn, info, request, requestBody, code, reason, time, size, headers, body) {
      begin(info, request, requestBody, code, reason, time, size, headers, body);
      // From here on, an error is the script's (the engine reads this mark).
      N.begun();
      return run(fn);
    },
    takeSends: function () {
      if (!state.sends.length) { return ''; }
      var s = JSON.stringify(state.sends);
      state.sends = [];
      return s;
    },
    deliver: function (id, err, packed, body) {
      var cb = state.callbacks[id];
      delete state.callbacks[id];
      if (typeof cb !== 'function') { return; }
      try {
        if (err !== undefined && err !== null) { cb(new Error(err), null); return; }
        cb(null, new H.Response(packed, body));
      } catch (e) { callbackError('pm.sendRequest callback', e); }
    },
    tick: function () {
      if (!state.timers.length) { return false; }
      var next = state.timers[0];
      for (var i = 1; i < state.timers.length; i++) {
        var t = state.timers[i];
        if (t.at < next.at || t.at === next.at && t.id < next.id) { next = t; }
      }
      state.clock = next.at;
      if (next.every) { next.at += next.every; } else { clearTimer(next.id); }
      try { next.fn.apply(null, next.args); } catch (e) { callbackError('timer callback', e); }
      return true;
    },
    abort: function () { finish(); },
    // A passing assertion that the response has this status (to.have.status, .code equality):
    // the server-error check then takes the status as expected by the collection.
    noteStatus: function (expected, actual) {
      var r = state.response;
      if (r && typeof expected === 'number' && actual === expected && r.code === expected &&
          state.statuses.indexOf(expected) === -1) {
        state.statuses.push(expected);
      }
    },
    finishScript: function () {
      finish();
      var failed = state.asyncError;
      state.asyncError = null;
      if (failed) { throw failed.e; }
    },
    // The event's outcome as NUL-separated records: t name status message | c level text |
    // n ("" for stop, "=" + name) | r requestChangesJson | s assertedStatus.
    end: function () {
      if (state.open) { finish(); }
      var out = [], i, x;
      for (i = 0; i < state.tests.length; i++) {
        x = state.tests[i];
        out.push('t', x.name, x.s, x.m);
      }
      for (i = 0; i < state.pending.length; i++) {
        out.push('t', state.pending[i].name, 'f', 'test did not call done() before the script ended');
      }
      for (i = 0; i < state.console.length; i++) { out.push('c', state.console[i][0], state.console[i][1]); }
      if (state.next !== undefined) { out.push('n', state.next === null ? '' : '=' + state.next); }
      for (i = 0; i < state.statuses.length; i++) { out.push('s', String(state.statuses[i])); }
      if (state.request && state.event === 'prerequest') {
        var changes = state.request._changes();
        if (changes) { out.push('r', JSON.stringify(changes)); }
      }
      state.live = false;
      // The bodies are this event's: a large one must not sit on the script heap (64 MiB by
      // default) beside the next event's.
      if (mainResponse) { mainResponse._body = ''; }
      state.legacy = {}; state.reqBody = null; state.reqData = null;
      for (i = 0; i < out.length; i++) {
        if (out[i].indexOf('\0') !== -1) { out[i] = out[i].replace(/\0/g, '\ufffd'); }
      }
      return out.join('\0');
    }
  };
  ['pm', 'postman', 'console', 'require', '__sb', '__native', '__chai', '__http', '__modules'].forEach(pin);
})(globalThis);
