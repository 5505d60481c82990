using System.Collections.Frozen;

namespace IvrService.Sip;

/// <summary>Header names in their canonical spelling, and the compact forms of RFC 3261 §7.3.3 and its extensions.</summary>
public static class SipHeaderNames
{
    public const string Accept = "Accept";
    public const string AcceptEncoding = "Accept-Encoding";
    public const string AcceptLanguage = "Accept-Language";
    public const string Allow = "Allow";
    public const string AllowEvents = "Allow-Events";
    public const string Authorization = "Authorization";
    public const string CallId = "Call-ID";
    public const string Contact = "Contact";
    public const string ContentDisposition = "Content-Disposition";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string CSeq = "CSeq";
    public const string Date = "Date";
    public const string Event = "Event";
    public const string Expires = "Expires";
    public const string From = "From";
    public const string MaxForwards = "Max-Forwards";
    public const string MinExpires = "Min-Expires";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string ProxyRequire = "Proxy-Require";
    public const string Reason = "Reason";
    public const string RecordRoute = "Record-Route";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string Require = "Require";
    public const string RetryAfter = "Retry-After";
    public const string Route = "Route";
    public const string Server = "Server";
    public const string SessionExpires = "Session-Expires";
    public const string Subject = "Subject";
    public const string Supported = "Supported";
    public const string Timestamp = "Timestamp";
    public const string To = "To";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string Via = "Via";
    public const string Warning = "Warning";
    public const string WwwAuthenticate = "WWW-Authenticate";

    private static readonly FrozenDictionary<string, string> Canonical = new[]
    {
        Accept, AcceptEncoding, AcceptLanguage, Allow, AllowEvents, Authorization, CallId, Contact,
        ContentDisposition, ContentEncoding, ContentLength, ContentType, CSeq, Date, Event, Expires, From,
        MaxForwards, MinExpires, ProxyAuthenticate, ProxyAuthorization, ProxyRequire, Reason, RecordRoute,
        ReferTo, ReferredBy, Require, RetryAfter, Route, Server, SessionExpires, Subject, Supported, Timestamp,
        To, Unsupported, UserAgent, Via, Warning, WwwAuthenticate,
    }.ToFrozenDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<char, string> Compact = new Dictionary<char, string>
    {
        ['a'] = "Accept-Contact",
        ['b'] = ReferredBy,
        ['c'] = ContentType,
        ['d'] = "Request-Disposition",
        ['e'] = ContentEncoding,
        ['f'] = From,
        ['i'] = CallId,
        ['j'] = "Reject-Contact",
        ['k'] = Supported,
        ['l'] = ContentLength,
        ['m'] = Contact,
        ['o'] = Event,
        ['r'] = ReferTo,
        ['s'] = Subject,
        ['t'] = To,
        ['u'] = AllowEvents,
        ['v'] = Via,
        ['x'] = SessionExpires,
        ['y'] = "Identity",
    }.ToFrozenDictionary();

    /// <summary>The canonical spelling of a header name: compact forms expanded, known names re-cased.</summary>
    public static string Normalize(string name)
    {
        if (name.Length == 1 && Compact.TryGetValue(char.ToLowerInvariant(name[0]), out var full))
        {
            return full;
        }

        return Canonical.TryGetValue(name, out var canonical) ? canonical : name;
    }
}
