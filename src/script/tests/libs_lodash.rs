//! lodash in the sandbox: require('lodash') is lodash 4 and the global `_` is lodash 3, as in
//! postman-sandbox; results follow lodash's documentation examples and Newman 6.2.2 runs.

use super::libs_crypto::{assert_exprs, error_of};

#[test]
fn collection_and_array_functions() {
    let users = "var _ = require('lodash'), users = [{user: 'barney', age: 36, active: true}, {user: 'fred', age: 40, active: false}, {user: 'pebbles', age: 1, active: true}];";
    assert_exprs(
        users,
        &[
            ("_.map(users, 'user').join()", "barney,fred,pebbles"),
            ("_.filter(users, {active: true}).length", "2"),
            ("_.find(users, ['active', false]).user", "fred"),
            (
                "_.find(users, function (u) { return u.age < 40; }).user",
                "barney",
            ),
            ("_.findIndex(users, {user: 'pebbles'})", "2"),
            ("_.reject(users, 'active')[0].user", "fred"),
            ("_.some(users, {user: 'fred'})", "true"),
            ("_.every(users, 'active')", "false"),
            (
                "_.sortBy(users, ['age']).map(function (u) { return u.user; }).join()",
                "pebbles,barney,fred",
            ),
            (
                "_.orderBy(users, ['active', 'age'], ['asc', 'desc'])[0].user",
                "fred",
            ),
            (
                "JSON.stringify(_.groupBy([6.1, 4.2, 6.3], Math.floor))",
                r#"{"4":[4.2],"6":[6.1,6.3]}"#,
            ),
            (
                "JSON.stringify(_.countBy(['one', 'two', 'three'], 'length'))",
                r#"{"3":2,"5":1}"#,
            ),
            ("JSON.stringify(_.keyBy(users, 'user').fred.age)", "40"),
            ("_.includes({a: 1, b: 2}, 2)", "true"),
            ("_.includes('abcd', 'bc')", "true"),
            ("_.size({a: 1, b: 2})", "2"),
            (
                "_.reduce([1, 2, 3], function (s, n) { return s + n; })",
                "6",
            ),
            (
                "JSON.stringify(_.chunk(['a', 'b', 'c', 'd', 'e'], 2))",
                r#"[["a","b"],["c","d"],["e"]]"#,
            ),
            ("_.uniq([2, 1, 2]).join()", "2,1"),
            ("_.uniqBy([2.1, 1.2, 2.3], Math.floor).join()", "2.1,1.2"),
            ("_.difference([2, 1], [2, 3]).join()", "1"),
            ("_.intersection([2, 1], [2, 3]).join()", "2"),
            ("_.union([2], [1, 2]).join()", "2,1"),
            ("_.flattenDeep([1, [2, [3, [4]], 5]]).join()", "1,2,3,4,5"),
            ("_.compact([0, 1, false, 2, '', 3]).join()", "1,2,3"),
            ("_.first([1, 2, 3]) + _.last([1, 2, 3])", "4"),
            ("_.take([1, 2, 3], 2).join()", "1,2"),
            ("_.without([2, 1, 2, 3], 1, 2).join()", "3"),
            (
                "JSON.stringify(_.zipObject(['a', 'b'], [1, 2]))",
                r#"{"a":1,"b":2}"#,
            ),
            ("_.range(0, 20, 5).join()", "0,5,10,15"),
            ("_.times(3, String).join()", "0,1,2"),
            (
                "var seen = []; _.each({a: 1, b: 2}, function (v, k) { seen.push(k + v); }); seen.join()",
                "a1,b2",
            ),
            (
                "var n = 0; _.forEach([1, 2, 3], function (v) { n += v; return v < 2 ? undefined : false; }); n",
                "3",
            ),
        ],
    );
}

#[test]
fn lang_object_string_and_math_functions() {
    assert_exprs(
        "var _ = require('lodash'), o = {a: [{b: {c: 3}}]};",
        &[
            ("_.get(o, 'a[0].b.c')", "3"),
            ("_.get(o, ['a', '0', 'b', 'c'])", "3"),
            ("_.get(o, 'a.b.c', 'default')", "default"),
            ("_.has(o, 'a[0].b')", "true"),
            ("_.set({}, 'x[0].y', 4).x[0].y", "4"),
            ("_.isEqual({a: [1, {b: 2}]}, {a: [1, {b: 2}]})", "true"),
            ("_.isEqual({a: 1}, {a: '1'})", "false"),
            (
                "_.isEmpty({}) && _.isEmpty([]) && _.isEmpty('') && _.isEmpty(null) && !_.isEmpty({a: 1})",
                "true",
            ),
            (
                "_.isString('a') && _.isNumber(1) && _.isArray([]) && _.isObject([]) && _.isPlainObject({}) && !_.isPlainObject([])",
                "true",
            ),
            (
                "_.isNil(undefined) && _.isNull(null) && _.isUndefined(void 0) && _.isBoolean(false) && _.isInteger(3)",
                "true",
            ),
            (
                "JSON.stringify(_.pick({a: 1, b: '2', c: 3}, ['a', 'c']))",
                r#"{"a":1,"c":3}"#,
            ),
            (
                "JSON.stringify(_.omit({a: 1, b: '2', c: 3}, 'b'))",
                r#"{"a":1,"c":3}"#,
            ),
            (
                "JSON.stringify(_.merge({a: [{b: 2}, {d: 4}]}, {a: [{c: 3}, {e: 5}]}))",
                r#"{"a":[{"b":2,"c":3},{"d":4,"e":5}]}"#,
            ),
            (
                "JSON.stringify(_.defaults({a: 1}, {b: 2}, {a: 3}))",
                r#"{"a":1,"b":2}"#,
            ),
            (
                "var d = {x: {y: 1}}, c = _.cloneDeep(d); c.x.y = 2; d.x.y",
                "1",
            ),
            (
                "JSON.stringify(_.mapValues({a: {n: 1}, b: {n: 2}}, 'n'))",
                r#"{"a":1,"b":2}"#,
            ),
            (
                "_.keys({a: 1, b: 2}).join() + _.values({a: 1, b: 2}).join()",
                "a,b1,2",
            ),
            (
                "_.camelCase('Foo Bar') + _.kebabCase('fooBar') + _.snakeCase('Foo Bar')",
                "fooBarfoo-barfoo_bar",
            ),
            (
                "_.startCase('--foo-bar--') + _.capitalize('FRED') + _.upperFirst('fred')",
                "Foo BarFredFred",
            ),
            (
                "_.padStart('5', 3, '0') + _.padEnd('ab', 4, '-') + _.pad('abc', 8, '_-')",
                "005ab--_-abc_-_",
            ),
            (
                "_.trim('  abc  ') + _.trim('-_-abc-_-', '_-') + _.repeat('ab', 2)",
                "abcabcabab",
            ),
            (
                "_.truncate('hi-diddly-ho there, neighborino', {length: 24, separator: ' '})",
                "hi-diddly-ho there,...",
            ),
            (
                "_.escape('fred, barney, & pebbles')",
                "fred, barney, &amp; pebbles",
            ),
            (
                "_.sum([4, 2, 8, 6]) + _.max([4, 2, 8, 6]) + _.min([4, 2, 8, 6])",
                "30",
            ),
            (
                "_.sumBy([{n: 4}, {n: 6}], 'n') + _.meanBy([{n: 4}, {n: 6}], 'n')",
                "15",
            ),
            ("_.maxBy([{n: 1}, {n: 2}], 'n').n", "2"),
            (
                "_.round(4.006, 2) + ' ' + _.floor(0.046, 2) + ' ' + _.ceil(6040, -2)",
                "4.01 0.04 6100",
            ),
            ("_.inRange(3, 2, 4) && !_.inRange(4, 8) === false", "true"),
            (
                "var r = _.random(1, 5); r >= 1 && r <= 5 && r === Math.floor(r)",
                "true",
            ),
            ("var f = _.random(1.5, 2.5); f >= 1.5 && f <= 2.5", "true"),
            ("_.clamp(-10, -5, 5) + _.clamp(10, -5, 5)", "0"),
            (
                "_.toNumber('3.2') + _.toInteger('3.9') + _.toString(null).length",
                "6.2",
            ),
            ("_.uniqueId('id_').indexOf('id_')", "0"),
        ],
    );
}

#[test]
fn the_global_underscore_is_lodash_3() {
    assert_exprs(
        "var users = [{user: 'barney', age: 36, active: true}, {user: 'fred', age: 40, active: false}];",
        &[
            (
                "_.VERSION + ' ' + require('lodash').VERSION",
                "3.10.1 4.17.21",
            ),
            ("_.pluck(users, 'user').join()", "barney,fred"),
            ("_.filter(users, 'active', false)[0].user", "fred"),
            (
                "_.map([1, 2], function (n) { return n * this.k; }, {k: 3}).join()",
                "3,6",
            ),
            ("_.find(users, ['active', false])", "undefined"),
            ("_.max(users, 'age').user + _.sum(users, 'age')", "fred76"),
            (
                "_.capitalize('hELLO') + _.padLeft('7', 3, '0') + _.trunc('abcdefghij', 6)",
                "HELLO007abc...",
            ),
            ("_.indexBy(users, 'user').fred.age", "40"),
        ],
    );
    assert_eq!(
        error_of("_.orderBy([1], ['x']);"),
        "test script of 'T', line 1: TypeError: _.orderBy is not a function"
    );
}

#[test]
fn chaining_and_unsupported_names() {
    assert_exprs(
        "",
        &[
            (
                "_([1, 2, 3]).map(function (n) { return n * 2; }).filter(function (n) { return n > 2; }).value().join()",
                "4,6",
            ),
            ("_([1, 2, 3]).sum()", "6"),
            ("_.chain([3, 1, 2]).sortBy().head().value()", "1"),
            ("typeof _.each", "function"),
            ("typeof require('lodash').get", "function"),
        ],
    );
    assert_eq!(
        error_of("_.fooBar([1]);"),
        "test script of 'T', line 1: Error: _.fooBar is not supported by conform"
    );
    assert_eq!(
        error_of("\n_([1]).fooBar();"),
        "test script of 'T', line 2: Error: _(…).fooBar is not supported by conform"
    );
}
