// The global `_` of postman-sandbox is lodash 3 (require('lodash') is lodash 4): this file
// derives lodash 3's surface from our lodash 4 (lodash.js, lodash_more.js): lodash 3's
// callbacks (`thisArg`, `(collection, 'key', value)` matching, arrays and objects as `matches`),
// its own names (pluck, where, indexBy, padLeft, trunc, sortByOrder, …) and its different
// results (capitalize, max/min/sum/uniq with callbacks, flatten's isDeep). A lodash 4 name that
// lodash 3 lacks fails as it does in Newman, with a message saying so. Written for conform.
(function (G) {
  'use strict';
  var v4 = G.__libs.lodash;

  // lodash 3's callback: (func, thisArg) | (path, value) | object/array → matches | path.
  function cb(f, thisArg) {
    if (typeof f === 'function') { return thisArg === undefined ? f : function () { return f.apply(thisArg, arguments); }; }
    if (f == null) { return v4.identity; }
    if (typeof f === 'object') { return v4.matches(Array.isArray(f) ? v4.assign({}, f) : f); }
    return thisArg === undefined ? v4.property(f) : v4.matchesProperty(f, thisArg);
  }
  // (collection, callback, thisArg, ...) → v4 function with a converted callback.
  function viaCb(name, at) {
    var f = v4[name];
    at = at === undefined ? 1 : at;
    return function () {
      var args = Array.prototype.slice.call(arguments);
      var thisArg = args.length > at + 1 ? args[at + 1] : undefined;
      args[at] = cb(args[at], thisArg);
      return f.apply(v4, args.slice(0, at + 1));
    };
  }
  function _(value) { return v4(value); }
  var SKIP = { orderBy: 1, uniqBy: 1, uniqWith: 1, sortedUniq: 1, sortedIndexBy: 1, padStart: 1, padEnd: 1, truncate: 1,
    mean: 1, meanBy: 1, maxBy: 1, minBy: 1, sumBy: 1, keyBy: 1, toNumber: 1, toInteger: 1, toFinite: 1, toSafeInteger: 1,
    toLength: 1, toString: 1, toLower: 1, toUpper: 1, fromPairs: 1, toPairs: 1, toPairsIn: 1, entries: 1, entriesIn: 1,
    isInteger: 1, isNil: 1, isSafeInteger: 1, isSymbol: 1, isMap: 1, isSet: 1, isWeakMap: 1, isWeakSet: 1, isArrayLikeObject: 1,
    isArrayLike: 1, isObjectLike: 1, isLength: 1, isBuffer: 1, isArrayBuffer: 1, flatMap: 1, flatMapDeep: 1, flatMapDepth: 1,
    flattenDepth: 1, castArray: 1, defaultTo: 1, unset: 1, update: 1, setWith: 1, invertBy: 1, nth: 1, nthArg: 1,
    pullAll: 1, differenceBy: 1, differenceWith: 1, intersectionBy: 1, intersectionWith: 1, unionBy: 1, unionWith: 1,
    stubTrue: 1, stubFalse: 1, stubArray: 1, stubObject: 1, stubString: 1, lowerCase: 1, upperCase: 1, lowerFirst: 1,
    upperFirst: 1, divide: 1, multiply: 1, subtract: 1, clamp: 1, conforms: 1, conformsTo: 1, cloneWith: 1,
    cloneDeepWith: 1, isEqualWith: 1, mergeWith: 1, assignIn: 1, invokeMap: 1, sampleSize: 1, rangeRight: 1, split: 1,
    replace: 1, join: 1, reverse: 1, trimStart: 1, trimEnd: 1, each: 0, head: 0, iteratee: 1, unary: 1, flip: 1,
    overArgs: 1, takeRightWhile: 0, zipObjectDeep: 1, pickBy: 1, omitBy: 1, findLastKey: 0, tail: 0 };
  Object.keys(v4).forEach(function (k) { if (!SKIP[k] && typeof v4[k] === 'function') { _[k] = v4[k]; } });
  ['each', 'forEach', 'eachRight', 'forEachRight', 'map', 'filter', 'reject', 'find', 'findLast', 'findIndex',
    'findLastIndex', 'some', 'every', 'sortBy', 'groupBy', 'countBy', 'partition', 'mapValues', 'mapKeys', 'findKey',
    'findLastKey', 'dropWhile', 'dropRightWhile', 'takeWhile', 'takeRightWhile', 'remove'].forEach(function (k) { _[k] = viaCb(k); });
  _.times = function (n, f, thisArg) { return v4.times(n, cb(f, thisArg)); };
  _.reduce = _.foldl = _.inject = function (c, f, acc, thisArg) {
    return arguments.length > 2 ? v4.reduce(c, cb(f, thisArg), acc) : v4.reduce(c, cb(f));
  };
  _.reduceRight = _.foldr = function (c, f, acc, thisArg) {
    return arguments.length > 2 ? v4.reduceRight(c, cb(f, thisArg), acc) : v4.reduceRight(c, cb(f));
  };
  _.forOwn = function (o, f, thisArg) { return v4.forOwn(o, cb(f, thisArg)); };
  _.forIn = function (o, f, thisArg) { return v4.forIn(o, cb(f, thisArg)); };
  _.max = function (c, f, thisArg) { return f === undefined ? v4.max(c) : v4.maxBy(c, cb(f, thisArg)); };
  _.min = function (c, f, thisArg) { return f === undefined ? v4.min(c) : v4.minBy(c, cb(f, thisArg)); };
  _.sum = function (c, f, thisArg) { return f === undefined ? v4.sum(v4.toArray(c)) : v4.sumBy(c, cb(f, thisArg)); };
  _.uniq = _.unique = function (a, isSorted, f, thisArg) {
    if (typeof isSorted !== 'boolean' && isSorted != null) { thisArg = f; f = isSorted; }
    return f == null ? v4.uniq(a) : v4.uniqBy(a, cb(f, thisArg));
  };
  _.flatten = function (a, isDeep) { return isDeep ? v4.flattenDeep(a) : v4.flatten(a); };
  _.first = _.head = function (a) { return v4.head(a); };
  _.rest = _.tail = function (a) { return v4.tail(a); };
  _.pick = function (o, p, thisArg) { return typeof p === 'function' ? v4.pickBy(o, cb(p, thisArg)) : v4.pick.apply(v4, arguments); };
  _.omit = function (o, p, thisArg) { return typeof p === 'function' ? v4.omitBy(o, cb(p, thisArg)) : v4.omit.apply(v4, arguments); };
  _.capitalize = function (s) { s = s == null ? '' : String(s); return s.charAt(0).toUpperCase() + s.slice(1); };
  _.pluck = function (c, path) { return v4.map(c, v4.property(path)); };
  _.where = function (c, src) { return v4.filter(c, v4.matches(src)); };
  _.findWhere = function (c, src) { return v4.find(c, v4.matches(src)); };
  _.contains = _.include = _.includes;
  _.indexBy = function (c, f, thisArg) { return v4.keyBy(c, cb(f, thisArg)); };
  _.sortByOrder = function (c, fs, orders) { return v4.orderBy(c, fs, (orders || []).map(function (o) { return o === true || o === 'asc' ? 'asc' : 'desc'; })); };
  _.sortByAll = function (c) { return v4.sortBy.apply(v4, arguments); };
  _.padLeft = v4.padStart; _.padRight = v4.padEnd;
  _.trimLeft = v4.trimStart; _.trimRight = v4.trimEnd;
  _.trunc = function (s, opts) { return v4.truncate(s, typeof opts === 'number' ? { length: opts } : opts); };
  _.any = _.some; _.all = _.every; _.collect = _.map; _.select = _.filter; _.detect = _.find;
  _.methods = v4.functions; _.object = v4.zipObject; _.pairs = v4.toPairs;
  _.invoke = v4.invokeMap; _.callback = cb; _.iteratee = cb;
  _.eq = v4.isEqual;
  _.zipObject = function (ks, vs) { return vs === undefined && Array.isArray(ks) && Array.isArray(ks[0]) ? v4.fromPairs(ks) : v4.zipObject(ks, vs); };
  _.sample = function (c, n) { return n === undefined ? v4.sample(c) : v4.sampleSize(c, n); };
  _.clone = function (v, isDeep, customizer) {
    if (typeof isDeep === 'function') { customizer = isDeep; isDeep = false; }
    return customizer ? (isDeep ? v4.cloneDeepWith : v4.cloneWith)(v, customizer) : isDeep ? v4.cloneDeep(v) : v4.clone(v);
  };
  _.merge = function () {
    var args = Array.prototype.slice.call(arguments);
    return typeof args[args.length - 1] === 'function' ? v4.mergeWith.apply(v4, args) : v4.merge.apply(v4, args);
  };
  _.extend = _.assign;
  _.restParam = v4.rest;
  _.backflow = _.compose = v4.flowRight;
  _.VERSION = '3.10.1';

  // Names lodash 4 has and lodash 3 does not fail as Newman's `_` does, saying why.
  G.__unsupportedIn(_, '_', Function.prototype);
  var guard = Object.getPrototypeOf(_);
  Object.setPrototypeOf(_, new Proxy(guard, {
    get: function (target, prop, receiver) {
      if (typeof prop === 'string' && Object.prototype.hasOwnProperty.call(SKIP, prop) && SKIP[prop] && !(prop in _)) {
        return function () {
          // Newman's words exactly (the global `_` is lodash 3; require('lodash') is lodash 4).
          throw new TypeError('_.' + prop + ' is not a function');
        };
      }
      return Reflect.get(target, prop, receiver);
    }
  }));
  G.__libs.lodash3 = _;
})(globalThis);
