//! cheerio and csv-parse in the sandbox: selectors, traversal and reading on a small page, and
//! csv-parse's records with its common options (results as cheerio and csv-parse give them).

use super::libs_crypto::{assert_exprs, error_of};

const PAGE: &str = r#"var $ = cheerio.load('<html><head><title>Shop</title></head><body><ul id="items"><li class="item a" data-sku="x-1"><a href="/one">One</a></li><li class="item"><a href="/two">Two</a> <b>!</b></li></ul><form><input name="q" value="shoes"><select name="s"><option value="1">a</option><option value="2" selected>b</option></select></form></body></html>');"#;

#[test]
fn cheerio_reads_pages() {
    assert_exprs(
        PAGE,
        &[
            ("$('title').text()", "Shop"),
            ("$('li.item').length", "2"),
            ("$('#items a').first().attr('href')", "/one"),
            ("$('li').eq(1).find('a').text()", "Two"),
            (
                "$('a').map(function (i, el) { return $(el).attr('href'); }).get().join()",
                "/one,/two",
            ),
            (
                "var out = []; $('li').each(function (i, el) { out.push(i + ':' + $(this).text()); }); out.join('|')",
                "0:One|1:Two !",
            ),
            (
                "$('li').first().hasClass('a') && !$('li').last().hasClass('a')",
                "true",
            ),
            ("$('li').first().data('sku')", "x-1"),
            ("$('a').last().parent().is('li.item')", "true"),
            ("$('a').first().closest('ul').attr('id')", "items"),
            ("$('li').first().next().children('b').text()", "!"),
            ("$('li').last().prev().attr('class')", "item a"),
            (
                "$('ul').children().length + ' ' + $('li').first().siblings().length",
                "2 1",
            ),
            (
                "$('li').filter('.a').length + $('li').not('.a').length",
                "2",
            ),
            ("$('li').first().html()", "<a href=\"/one\">One</a>"),
            (
                "$('input[name=q]').val() + ' ' + $('select').val()",
                "shoes 2",
            ),
            (
                "$('li a').get(0).name + ' ' + $('li a').get(0).attribs.href",
                "a /one",
            ),
            (
                "$('#missing').length + ' ' + $('#missing').text() + $('#missing').attr('x')",
                "0 undefined",
            ),
            (
                "cheerio('<p>hi <i>there</i></p>').find('i').text()",
                "there",
            ),
            ("require('cheerio').load('<p>x</p>')('p').text()", "x"),
        ],
    );
    assert!(
        error_of(&format!("{PAGE} $('li:contains(\"One\")');"))
            .contains("Error: cheerio selector 'li:contains(\"One\")' is not supported by conform")
    );
    assert_eq!(
        error_of(&format!("{PAGE} $('li').wrapAll('<div>');")),
        "test script of 'T', line 1: Error: cheerio(…).wrapAll is not supported by conform"
    );
}

#[test]
fn csv_parse_sync() {
    assert_exprs(
        "var parse = require('csv-parse/lib/sync');",
        &[
            (
                "JSON.stringify(parse('a,b\\n1,\"x, y\"\\n'))",
                r#"[["a","b"],["1","x, y"]]"#,
            ),
            (
                "JSON.stringify(parse('a,b\\n1,2\\n3,4', {columns: true}))",
                r#"[{"a":"1","b":"2"},{"a":"3","b":"4"}]"#,
            ),
            (
                "JSON.stringify(parse('a;b\\n\\n 1 ;\"say \"\"hi\"\"\"', {delimiter: ';', skip_empty_lines: true, trim: true}))",
                r#"[["a","b"],["1","say \"hi\""]]"#,
            ),
            (
                "JSON.stringify(parse('n,v\\nx,1.5', {columns: true, cast: true}))",
                r#"[{"n":"x","v":1.5}]"#,
            ),
            (
                "JSON.stringify(parse('a,b\\n1', {relax_column_count: true}))",
                r#"[["a","b"],["1"]]"#,
            ),
        ],
    );
    assert!(
        error_of("require('csv-parse/lib/sync')('a,b\\n1');")
            .contains("Error: Invalid Record Length: expect 2, got 1 on line 2")
    );
}

#[test]
fn hostile_markup_fails_cleanly() {
    // Deep nesting neither crashes the parser nor the JSON that carries the result.
    assert_exprs(
        "var deep = new Array(1001).join('<div>') + 'x';",
        &[
            ("cheerio.load(deep)('div').length", "1000"),
            ("cheerio.load(deep).text()", "x"),
            (
                "cheerio.load(deep)('div').first().html().length > 5000",
                "true",
            ),
        ],
    );
    assert!(
        error_of("xml2Json(new Array(5001).join('<a>') + new Array(5001).join('</a>'));")
            .contains("Error: xml2Json: elements nested deeper than 1000")
    );
    assert!(
        error_of("CryptoJS.PBKDF2('p', 's', {iterations: 1e9});")
            .contains("Error: crypto-js key derivation of 16 bytes with 1000000000 iterations is over conform's limit")
    );
}
