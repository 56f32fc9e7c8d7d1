// cheerio for scripts (global `cheerio`, require('cheerio')): load(html) and the reading half
// of its jQuery-style API (selectors, find/children/parent/closest/siblings, each/map/filter,
// text/html/attr/val/hasClass). Parsing and CSS selectors are Rust's (native_html.rs, html5ever
// and scraper); a selection is a list of node numbers. Written for conform; no cheerio source.
(function (G) {
  'use strict';
  var N = G.__native;

  function check(out) {
    if (out.charAt(0) === '!') { throw new Error(out.slice(1)); }
    return JSON.parse(out);
  }
  function load(html) {
    var doc = N.htmlLoad(String(html === undefined || html === null ? '' : html));
    var nodes = {};
    // One element object per node, with cheerio's fields (type, name, attribs, data).
    function node(id) {
      if (nodes[id]) { return nodes[id]; }
      var info = check(N.htmlInfo(doc, id, 'info')), el = { __id: id, type: info.type };
      if (info.name !== undefined) { el.name = el.tagName = info.name; }
      if (info.attribs !== undefined) { el.attribs = info.attribs; }
      if (info.data !== undefined) { el.data = info.data; }
      Object.defineProperty(el, 'children', { get: function () { return check(N.htmlInfo(doc, id, 'contents')).map(node); } });
      Object.defineProperty(el, 'parent', { get: function () { var p = check(N.htmlInfo(doc, id, 'parent')); return p === null ? null : node(p); } });
      nodes[id] = el;
      return el;
    }
    function Sel(ids) {
      var self = this;
      this.length = 0;
      ids.forEach(function (id) { self[self.length++] = typeof id === 'number' ? node(id) : id; });
    }
    var S = Sel.prototype;
    function ids(sel) {
      var out = [];
      for (var i = 0; i < sel.length; i++) { if (sel[i] && sel[i].__id !== undefined) { out.push(sel[i].__id); } }
      return out;
    }
    function wrap(list) { return new Sel(list); }
    function uniq(list) { return list.filter(function (v, i) { return list.indexOf(v) === i; }).sort(function (a, b) { return a - b; }); }
    function rel(sel, what) {
      var out = [];
      ids(sel).forEach(function (id) { out = out.concat(check(N.htmlInfo(doc, id, what))); });
      return out.filter(function (x) { return x !== null; });
    }
    function keep(list, selector) { return selector === undefined ? list : check(N.htmlMatch(doc, list.join(','), String(selector))); }

    S.find = function (selector) {
      if (selector instanceof Sel) { var mine = ids(this); return wrap(ids(selector).filter(function () { return mine.length > 0; })); }
      return wrap(check(N.htmlSelect(doc, ids(this).join(','), String(selector))));
    };
    S.children = function (selector) { return wrap(keep(uniq(rel(this, 'children')), selector)); };
    S.contents = function () { return wrap(uniq(rel(this, 'contents'))); };
    S.parent = function (selector) { return wrap(keep(uniq(rel(this, 'parent')).filter(function (p) { return p !== 0; }), selector)); };
    S.parents = function (selector) {
      var out = [];
      ids(this).forEach(function (id) {
        var p = check(N.htmlInfo(doc, id, 'parent'));
        while (p !== null && p !== 0) { out.push(p); p = check(N.htmlInfo(doc, p, 'parent')); }
      });
      return wrap(keep(uniq(out).reverse(), selector));
    };
    S.closest = function (selector) {
      var out = [];
      ids(this).forEach(function (id) {
        var p = id;
        while (p !== null && p !== 0) {
          if (keep([p], selector).length) { out.push(p); break; }
          p = check(N.htmlInfo(doc, p, 'parent'));
        }
      });
      return wrap(uniq(out));
    };
    S.next = function (selector) { return wrap(keep(rel(this, 'next'), selector)); };
    S.prev = function (selector) { return wrap(keep(rel(this, 'prev'), selector)); };
    S.siblings = function (selector) {
      var mine = ids(this), out = [];
      mine.forEach(function (id) {
        var p = check(N.htmlInfo(doc, id, 'parent'));
        if (p !== null) { out = out.concat(check(N.htmlInfo(doc, p, 'children')).filter(function (c) { return mine.indexOf(c) === -1; })); }
      });
      return wrap(keep(uniq(out), selector));
    };
    S.filter = function (f) {
      if (typeof f === 'function') {
        var out = [];
        for (var i = 0; i < this.length; i++) { if (f.call(this[i], i, this[i])) { out.push(this[i]); } }
        return wrap(out);
      }
      return wrap(keep(ids(this), f));
    };
    S.not = function (f) {
      var drop = ids(this.filter(f));
      return wrap(ids(this).filter(function (id) { return drop.indexOf(id) === -1; }));
    };
    S.is = function (f) { return this.filter(f).length > 0; };
    S.has = function (selector) { var self = this; return wrap(ids(this).filter(function (id) { return wrap([id]).find(selector).length > 0; })); };
    S.each = function (f) {
      for (var i = 0; i < this.length; i++) { if (f.call(this[i], i, this[i]) === false) { break; } }
      return this;
    };
    S.map = function (f) {
      var out = [];
      for (var i = 0; i < this.length; i++) {
        var v = f.call(this[i], i, this[i]);
        if (v !== null && v !== undefined) { out = out.concat(v); }
      }
      return wrap(out);
    };
    S.get = function (i) { return i === undefined ? this.toArray() : this[i < 0 ? this.length + i : i]; };
    S.toArray = function () { return Array.prototype.slice.call(this); };
    S.eq = function (i) { var x = this.get(i); return wrap(x === undefined ? [] : [x]); };
    S.first = function () { return this.eq(0); };
    S.last = function () { return this.eq(-1); };
    S.slice = function (a, b) { return wrap(this.toArray().slice(a, b)); };
    S.index = function () { var id = ids(this)[0]; return id === undefined ? -1 : ids(this.parent().children()).indexOf(id); };
    S.text = function () {
      if (arguments.length) { throw new Error('cheerio .text(value) is not supported by conform'); }
      return ids(this).map(function (id) { return check(N.htmlInfo(doc, id, 'text')); }).join('');
    };
    S.html = function () {
      if (arguments.length) { throw new Error('cheerio .html(value) is not supported by conform'); }
      var id = ids(this)[0];
      return id === undefined ? null : check(N.htmlInfo(doc, id, 'html'));
    };
    S.attr = function (name) {
      if (arguments.length > 1) { throw new Error('cheerio .attr(name, value) is not supported by conform'); }
      var el = this[0];
      if (!el || el.type !== 'tag') { return undefined; }
      if (name === undefined) { return el.attribs; }
      return Object.prototype.hasOwnProperty.call(el.attribs, name) ? el.attribs[name] : undefined;
    };
    S.prop = function (name) { return name === 'tagName' || name === 'nodeName' ? (this[0] && this[0].name || '').toUpperCase() : this.attr(name); };
    S.data = function (name) {
      var a = this.attr() || {}, out = {};
      Object.keys(a).forEach(function (k) { if (k.indexOf('data-') === 0) { out[k.slice(5).replace(/-([a-z])/g, function (m, c) { return c.toUpperCase(); })] = a[k]; } });
      return name === undefined ? out : out[name];
    };
    S.val = function () {
      var el = this[0];
      if (!el) { return undefined; }
      if (el.name === 'select') { var o = this.find('option[selected]'); return (o.length ? o : this.find('option')).first().attr('value'); }
      if (el.name === 'textarea') { return this.text(); }
      return this.attr('value');
    };
    S.hasClass = function (c) {
      return this.toArray().some(function (el) { return el.attribs && (' ' + (el.attribs['class'] || '') + ' ').replace(/\s+/g, ' ').indexOf(' ' + c + ' ') !== -1; });
    };
    S.toString = function () { return ids(this).map(function (id) { return check(N.htmlInfo(doc, id, 'outer')); }).join(''); };
    S.serializeArray = function () {
      return this.find('input[name], select[name], textarea[name]').toArray().map(function (el) { var s = wrap([el]); return { name: s.attr('name'), value: s.val() }; });
    };
    S.cheerio = '[cheerio object]';
    G.__unsupportedIn(S, 'cheerio(…)', Object.prototype);

    function $(selector, context) {
      if (selector instanceof Sel) { return selector; }
      if (selector && selector.__id !== undefined) { return wrap([selector]); }
      if (Array.isArray(selector)) { return wrap(selector); }
      if (selector === undefined || selector === null || selector === '') { return wrap([]); }
      var s = String(selector);
      if (/^\s*</.test(s)) { throw new Error('cheerio: creating elements from markup is not supported by conform'); }
      var within = context === undefined ? $.root() : $(context);
      return within.find(s);
    }
    $.root = function () { return wrap([0]); };
    $.html = function (sel) { return sel === undefined ? check(N.htmlInfo(doc, 0, 'outer')) : $(sel).toString(); };
    $.text = function (sel) { return (sel === undefined ? $.root() : $(sel)).text(); };
    $.contains = function (a, b) { while (b) { if (b === a) { return true; } b = b.parent; } return false; };
    G.__unsupportedIn($, 'cheerio', Function.prototype);
    return $;
  }

  function cheerio(html) { return load(html).root(); }
  cheerio.load = load;
  cheerio.html = function (sel) { return sel && sel.toString ? sel.toString() : ''; };
  G.__unsupportedIn(cheerio, 'cheerio', Function.prototype);
  G.__libs.cheerio = cheerio;
})(globalThis);
