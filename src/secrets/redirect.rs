//! What a request may carry when a redirect sends it to another origin: no Authorization,
//! Cookie or other credential header, no header or query parameter holding a credential of
//! this request (an apikey header of any name, an oauth2 `access_token` in the query...).

use super::{is_secret_header, is_secret_name};

/// Removes every credential from a request about to follow a redirect to another origin:
/// headers by name (Authorization, Cookie, X-Api-Key, any secret-looking name) or by value
/// (holding one of `credentials`), and query parameters likewise.
pub fn strip_credentials(
    headers: &mut Vec<(String, String)>,
    url: &mut url::Url,
    credentials: &[String],
) {
    let holds = |value: &str| credentials.iter().any(|c| value.contains(c.as_str()));
    headers.retain(|(k, v)| !(is_secret_header(k) || is_secret_name(k, &[]) || holds(v)));
    if url.query().is_none() {
        return;
    }
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let kept: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, v)| !(is_secret_name(k, &[]) || k.starts_with("oauth_") || holds(v)))
        .collect();
    if kept.len() == pairs.len() {
        return;
    }
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_credentials_by_name_and_by_value() {
        let mut headers = vec![
            ("Authorization".to_string(), "Bearer t0k3n".to_string()),
            ("Cookie".to_string(), "sid=1".to_string()),
            ("X-Custom-Key".to_string(), "k3y-value".to_string()),
            ("X-Auth-Token".to_string(), "whatever".to_string()),
            ("Accept".to_string(), "*/*".to_string()),
        ];
        let mut url =
            url::Url::parse("http://other/p?access_token=t0k3n&api=k3y-value&page=2").unwrap();
        let creds = vec!["t0k3n".to_string(), "k3y-value".to_string()];
        strip_credentials(&mut headers, &mut url, &creds);
        assert_eq!(headers, vec![("Accept".to_string(), "*/*".to_string())]);
        assert_eq!(url.as_str(), "http://other/p?page=2");
        let mut url = url::Url::parse("http://other/p?oauth_signature=x").unwrap();
        strip_credentials(&mut headers, &mut url, &creds);
        assert_eq!(url.as_str(), "http://other/p");
    }
}
