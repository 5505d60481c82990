using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Internal;

/// <summary>
/// Checks <c>Kestrel:Endpoints</c> at start, before the database or SIP start, so a wrong address or protocol is
/// reported with its key instead of as Kestrel's own error after everything else came up.
/// </summary>
internal sealed class EndpointOptionsValidator : IValidateOptions<EndpointOptions>
{
    private const string Grpc = EndpointOptions.SectionName + ":Grpc";
    private const string Http = EndpointOptions.SectionName + ":Http";

    public ValidateOptionsResult Validate(string? name, EndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var grpcPort = Check(Grpc, options.Grpc, required: true, failures, protocols =>
            protocols == HttpProtocols.Http2 || (protocols.HasFlag(HttpProtocols.Http2) && IsHttps(options.Grpc!.Url))
                ? null
                : "cannot carry gRPC: use Http2 (Http1AndHttp2 only with an https:// Url)");
        var httpPort = Check(Http, options.Http, required: false, failures, protocols =>
            protocols.HasFlag(HttpProtocols.Http1)
                ? null
                : "must include Http1: /healthz and /metrics are read over HTTP/1.1 (Prometheus, load balancers)");
        if (grpcPort is { } g && httpPort is { } h && g == h && g != 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Http}:Url: port {h} is the port of {Grpc}:Url too; give each endpoint its own port."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Checks one endpoint; returns its port when the Url names one.</summary>
    private static int? Check(string key, KestrelEndpointOptions? endpoint, bool required, List<string> failures, Func<HttpProtocols, string?> protocolProblem)
    {
        if (endpoint is null || string.IsNullOrWhiteSpace(endpoint.Url))
        {
            if (required)
            {
                failures.Add($"{key}:Url is required: the address the gRPC API listens on, e.g. http://127.0.0.1:5081.");
            }

            return null;
        }

        int? port = null;
        if (!TryParseUrl(endpoint.Url, out var parsedPort, out var urlProblem))
        {
            failures.Add($"{key}:Url: '{endpoint.Url}' {urlProblem}.");
        }
        else
        {
            port = parsedPort;
        }

        if (!string.IsNullOrWhiteSpace(endpoint.Protocols))
        {
            if (!Enum.TryParse<HttpProtocols>(endpoint.Protocols, ignoreCase: true, out var protocols) || !Enum.IsDefined(protocols) || protocols == HttpProtocols.None)
            {
                failures.Add($"{key}:Protocols: '{endpoint.Protocols}' is not one of Http1, Http2, Http1AndHttp2.");
            }
            else if (protocolProblem(protocols) is { } problem)
            {
                failures.Add($"{key}:Protocols: '{endpoint.Protocols}' {problem}.");
            }
        }

        if (endpoint.Certificate is { Path: { Length: > 0 } path } && !File.Exists(path))
        {
            failures.Add($"{key}:Certificate:Path: '{path}' does not exist.");
        }

        if (endpoint.Certificate is { KeyPath: { Length: > 0 } keyPath } && !File.Exists(keyPath))
        {
            failures.Add($"{key}:Certificate:KeyPath: '{keyPath}' does not exist.");
        }

        if (endpoint.Certificate is { Path.Length: > 0 } && !IsHttps(endpoint.Url))
        {
            failures.Add($"{key}:Certificate is set but {key}:Url is not https://: the certificate would not be used.");
        }

        return port;
    }

    private static bool IsHttps(string? url) => url?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Kestrel's address forms: scheme://host[:port][/], the host an IP, a name, [IPv6], * or +; or unix:/path.</summary>
    private static bool TryParseUrl(string url, out int? port, out string problem)
    {
        port = null;
        problem = "";
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? url[..schemeEnd] : "";
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            problem = "is not an http:// or https:// address (e.g. http://127.0.0.1:5080)";
            return false;
        }

        var authority = url[(schemeEnd + 3)..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        if (authority.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (slash >= 0)
        {
            authority = authority[..slash];
        }

        var bracket = authority.LastIndexOf(']');
        var colon = authority.LastIndexOf(':');
        string host;
        if (colon > bracket)
        {
            host = authority[..colon];
            if (!int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
            {
                problem = "has no valid port number (0 to 65535)";
                return false;
            }

            port = number;
        }
        else
        {
            host = authority;
        }

        if (host.Length == 0 || host.Contains(' ', StringComparison.Ordinal))
        {
            problem = "has no host (use 127.0.0.1, 0.0.0.0, [::], * or a name)";
            return false;
        }

        return true;
    }
}
