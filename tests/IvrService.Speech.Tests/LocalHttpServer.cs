using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IvrService.Speech.Tests;

/// <summary>A real HTTP server on 127.0.0.1 (a free port) that records each request and answers with what the test says.</summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<ReceivedRequest, int, ServerReply> _reply;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Task _loop;

    public LocalHttpServer(Func<ReceivedRequest, int, ServerReply> reply)
    {
        _reply = reply;
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public Uri SynthesisUrl => new(BaseAddress, "cognitiveservices/v1");

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public async ValueTask DisposeAsync()
    {
        try
        {
            _listener.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // already stopped; nothing left to release
        }

        await _loop.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in context.Request.Headers.AllKeys)
            {
                headers[name!] = context.Request.Headers[name]!;
            }

            var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray());
            _requests.Enqueue(request);
            var reply = _reply(request, _requests.Count);
            context.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            if (reply.ContentType is not null)
            {
                context.Response.ContentType = reply.ContentType;
            }

            context.Response.ContentLength64 = reply.Body.Length;
            await context.Response.OutputStream.WriteAsync(reply.Body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}

internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

internal sealed record ServerReply(int Status, byte[] Body, string? ContentType = null, IReadOnlyDictionary<string, string>? Headers = null);
