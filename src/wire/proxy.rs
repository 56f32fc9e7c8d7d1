//! Whether the environment sends a URL through a proxy (HTTP_PROXY/HTTPS_PROXY/ALL_PROXY, any
//! case, minus NO_PROXY), read the way reqwest reads it: such requests keep going through
//! reqwest, which speaks to proxies; every other request goes out on our own client.

use std::net::IpAddr;

/// The proxy variables as they were when the run started.
#[derive(Clone, Debug, Default)]
pub struct ProxyEnv {
    http: bool,
    https: bool,
    no_proxy: Vec<String>,
}

fn var(names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|n| std::env::var(n).ok())
        .find(|v| !v.trim().is_empty())
}

impl ProxyEnv {
    pub fn from_env() -> ProxyEnv {
        let all = var(&["ALL_PROXY", "all_proxy"]).is_some();
        // As reqwest: HTTP_PROXY is not trusted under CGI, where a client can set it.
        let cgi = std::env::var_os("REQUEST_METHOD").is_some();
        let http = if cgi {
            var(&["http_proxy"])
        } else {
            var(&["HTTP_PROXY", "http_proxy"])
        };
        ProxyEnv {
            http: all || http.is_some(),
            https: all || var(&["HTTPS_PROXY", "https_proxy"]).is_some(),
            no_proxy: var(&["NO_PROXY", "no_proxy"])
                .unwrap_or_default()
                .split(',')
                .map(|s| s.trim().to_ascii_lowercase())
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }

    /// Does this request go through a proxy? (Unparseable URLs: yes, reqwest says why.)
    pub fn proxied(&self, url: &str) -> bool {
        let Ok(url) = url::Url::parse(url) else {
            return true;
        };
        let set = match url.scheme() {
            "http" => self.http,
            "https" => self.https,
            _ => return true,
        };
        set && !self.bypassed(&url)
    }

    fn bypassed(&self, url: &url::Url) -> bool {
        let host = match url.host() {
            Some(url::Host::Ipv6(a)) => a.to_string(),
            Some(h) => h.to_string().to_ascii_lowercase(),
            None => return false,
        };
        let ip: Option<IpAddr> = host.parse().ok();
        self.no_proxy.iter().any(|entry| {
            if entry == "*" {
                return true;
            }
            if let Some(ip) = ip {
                let entry = entry.trim_start_matches('[').trim_end_matches(']');
                return match entry.split_once('/') {
                    Some((net, bits)) => in_net(ip, net, bits),
                    None => entry.parse::<IpAddr>().is_ok_and(|e| e == ip),
                };
            }
            let domain = entry.trim_start_matches('.');
            host == domain || host.ends_with(&format!(".{domain}"))
        })
    }
}

fn in_net(ip: IpAddr, net: &str, bits: &str) -> bool {
    let (Ok(net), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u32>()) else {
        return false;
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(no_proxy: &[&str]) -> ProxyEnv {
        ProxyEnv {
            http: true,
            https: false,
            no_proxy: no_proxy.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn no_proxy_matches_hosts_domains_addresses_and_networks() {
        assert!(env(&[]).proxied("http://a.test/x"));
        assert!(!env(&[]).proxied("https://a.test/x"));
        assert!(!env(&["a.test"]).proxied("http://a.test/x"));
        assert!(!env(&[".test"]).proxied("http://b.a.test/x"));
        assert!(env(&["a.test"]).proxied("http://ba.test/x"));
        assert!(!env(&["127.0.0.1"]).proxied("http://127.0.0.1:9/x"));
        assert!(!env(&["127.0.0.0/8"]).proxied("http://127.1.2.3/x"));
        assert!(env(&["10.0.0.0/8"]).proxied("http://127.1.2.3/x"));
        assert!(!env(&["*"]).proxied("http://anything/x"));
        assert!(!env(&["::1"]).proxied("http://[::1]:8/x"));
    }
}
