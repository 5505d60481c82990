namespace IvrService.Api;

/// <summary>Settings of the gRPC API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The API keys accepted, with their scopes.</summary>
    public IList<ApiKeyOptions> Keys { get; } = [];

    /// <summary>Largest request message accepted, in bytes (upload chunks, YAML definitions).</summary>
    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent, in bytes.</summary>
    public int MaxSendMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Size of the chunks a recording is streamed in, 4 KiB to 1 MiB.</summary>
    public int RecordingChunkBytes { get; set; } = 64 * 1024;
}
