using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;

namespace IvrService.Cli.Internal;

/// <summary>
/// Where the server is and which key to send: <c>--server</c> / <c>IVRCTL_SERVER</c> (<c>http://host:port</c> for
/// HTTP/2 without TLS, <c>https://</c> with it; a bare <c>host:port</c> means http) and <c>--key</c> / <c>IVRCTL_KEY</c>.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    public const string ServerVariable = "IVRCTL_SERVER";
    public const string KeyVariable = "IVRCTL_KEY";

    /// <summary>How long one request may take before it counts as the server not answering.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly string _key;

    private ServerConnection(string address, string key)
    {
        Address = address;
        _key = key;
        Channel = GrpcChannel.ForAddress(address);
    }

    public string Address { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The two options every command that talks to the server takes.</summary>
    public static (Option<string?> Server, Option<string?> Key) Options() =>
        (new Option<string?>("--server") { Description = $"The service's gRPC address, e.g. http://ivr.example.com:5081; default: ${ServerVariable}." },
         new Option<string?>("--key") { Description = $"An API key with scope admin (integrator for calls); default: ${KeyVariable}." });

    /// <summary>Opens a channel from the options or the environment.</summary>
    /// <exception cref="UsageException">No server or key is given, or the address is not a URI.</exception>
    public static ServerConnection Open(ParseResult parsed, (Option<string?> Server, Option<string?> Key) options)
    {
        var server = parsed.GetValue(options.Server) ?? Environment.GetEnvironmentVariable(ServerVariable);
        var key = parsed.GetValue(options.Key) ?? Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new UsageException($"no server: give --server http://host:port or set {ServerVariable}");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UsageException($"no API key: give --key or set {KeyVariable}");
        }

        server = server.Trim();
        if (!server.Contains("://", StringComparison.Ordinal))
        {
            server = "http://" + server;
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--server: '{server}' is not an http:// or https:// address");
        }

        return new ServerConnection(uri.GetLeftPart(UriPartial.Authority), key.Trim());
    }

    /// <summary>Call options with the key and a deadline (none for streams that take as long as they take).</summary>
    public CallOptions Call(CancellationToken cancellationToken, bool withDeadline = true) =>
        new(
            new Metadata { { "authorization", "Bearer " + _key } },
            withDeadline ? DateTime.UtcNow.Add(RequestTimeout) : null,
            cancellationToken);

    public void Dispose() => Channel.Dispose();
}
