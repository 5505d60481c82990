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

    /// <summary>Largest WAV file UploadPrompt accepts, in bytes (1 KiB to 64 MiB).</summary>
    public int MaxPromptUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// How long an API key found in (or missing from) the database is remembered before it is looked up again: a key
    /// revoked through another instance of the service is refused by this one after at most this long (a revoke on
    /// this instance takes effect at once). Zero: look every request up. At most one hour.
    /// </summary>
    public TimeSpan KeyCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a page of ListSurveyResults may be answered again from memory while no result changed. A change
    /// committed on this instance or notified from another (PostgreSQL NOTIFY) drops every page at once, whatever this
    /// says; this only bounds how long a lost notification could leave a page stale. Zero: read every request from
    /// the database. At most one minute.
    /// </summary>
    public TimeSpan ResultCacheMaxAge { get; set; } = TimeSpan.FromSeconds(2);
}
