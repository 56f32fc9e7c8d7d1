// require('csv-parse/lib/sync') for scripts: parse(text, options) → records, with csv-parse's
// common options (columns, delimiter, quote, escape, skip_empty_lines, trim/ltrim/rtrim,
// from_line/to_line, comment, relax_column_count, cast, bom). Written for conform from
// csv-parse's documented options; no csv-parse source is copied.
(function (G) {
  'use strict';

  function option(o, camel, snake, dflt) {
    if (o[snake] !== undefined) { return o[snake]; }
    if (o[camel] !== undefined) { return o[camel]; }
    return dflt;
  }
  function castValue(v) {
    if (/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(v)) { return Number(v); }
    return v;
  }
  function parse(input, opts) {
    opts = opts || {};
    var text = String(input === undefined || input === null ? '' : input);
    if (Object.prototype.toString.call(input) === '[object Uint8Array]' || input instanceof Uint8Array) { text = input.toString(); }
    var delim = String(option(opts, 'delimiter', 'delimiter', ','));
    var quote = option(opts, 'quote', 'quote', '"');
    quote = quote === true || quote === undefined ? '"' : quote === false || quote === null ? '' : String(quote);
    var esc = option(opts, 'escape', 'escape', '"');
    esc = esc === null || esc === false ? '' : String(esc);
    var comment = option(opts, 'comment', 'comment', '');
    var skipEmpty = option(opts, 'skipEmptyLines', 'skip_empty_lines', false);
    var ltrim = option(opts, 'ltrim', 'ltrim', false) || option(opts, 'trim', 'trim', false);
    var rtrim = option(opts, 'rtrim', 'rtrim', false) || option(opts, 'trim', 'trim', false);
    var fromLine = option(opts, 'fromLine', 'from_line', 1), toLine = option(opts, 'toLine', 'to_line', Infinity);
    var relax = option(opts, 'relaxColumnCount', 'relax_column_count', false);
    var cast = option(opts, 'cast', 'cast', false);
    var columns = option(opts, 'columns', 'columns', false);
    if (option(opts, 'bom', 'bom', false) && text.charCodeAt(0) === 0xfeff) { text = text.slice(1); }

    var records = [], record = [], field = '', quoted = false, inQuotes = false, line = 1, recordLine = 1, i = 0;
    function endField() {
      var v = quoted ? field : (ltrim ? field.replace(/^\s+/, '') : field);
      if (!quoted && rtrim) { v = v.replace(/\s+$/, ''); }
      record.push(v);
      field = ''; quoted = false;
    }
    function endRecord() {
      endField();
      var empty = record.length === 1 && record[0] === '';
      if (recordLine >= fromLine && recordLine <= toLine && !(empty && skipEmpty) && !(comment && record.length === 1 && record[0].indexOf(comment) === 0)) {
        if (!empty || !skipEmpty) { records.push({ r: record, line: recordLine }); }
      }
      record = [];
    }
    while (i < text.length) {
      var c = text.charAt(i);
      if (inQuotes) {
        if (esc && c === esc && text.substr(i + 1, quote.length) === quote) { field += quote; i += 1 + quote.length; continue; }
        if (c === quote) { inQuotes = false; i++; continue; }
        if (c === '\n') { line++; }
        field += c; i++;
        continue;
      }
      if (quote && c === quote && field.replace(/^\s+/, '') === '' ) { inQuotes = true; quoted = true; field = ''; i++; continue; }
      if (text.substr(i, delim.length) === delim) { endField(); i += delim.length; continue; }
      if (c === '\r' || c === '\n') {
        endRecord();
        i += c === '\r' && text.charAt(i + 1) === '\n' ? 2 : 1;
        line++; recordLine = line;
        continue;
      }
      if (comment && c === comment && field === '' && record.length === 0) {
        while (i < text.length && text.charAt(i) !== '\n') { i++; }
        continue;
      }
      field += c; i++;
    }
    if (inQuotes) { throw new Error('Quote Not Closed: the parsing is finished with an opening quote at line ' + recordLine); }
    if (field !== '' || record.length) { endRecord(); }

    var rows = records.map(function (x) { return x.r; });
    if (cast) { rows = rows.map(function (r) { return r.map(function (v, k) { return typeof cast === 'function' ? cast(v, { index: k }) : castValue(v); }); }); }
    if (!columns) {
      if (!relax && rows.length) {
        var n = rows[0].length;
        rows.forEach(function (r, k) {
          if (r.length !== n) { throw new Error('Invalid Record Length: expect ' + n + ', got ' + r.length + ' on line ' + records[k].line); }
        });
      }
      return rows;
    }
    var header;
    if (columns === true) { header = rows.shift() || []; }
    else if (typeof columns === 'function') { header = columns(rows.shift() || []); }
    else { header = columns; }
    header = header.map(function (h) { return h && typeof h === 'object' ? h.name : h; });
    return rows.map(function (r, k) {
      if (!relax && r.length !== header.length) {
        throw new Error('Invalid Record Length: columns length is ' + header.length + ', got ' + r.length + ' on line ' + records[k + (columns === true ? 1 : 0)].line);
      }
      var o = {};
      header.forEach(function (h, j) { if (h !== undefined && h !== null && h !== false && j < r.length) { o[h] = r[j]; } });
      return o;
    });
  }
  parse.parse = parse;
  G.__libs['csv-parse/lib/sync'] = parse;
})(globalThis);
