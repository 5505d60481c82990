namespace IvrService.Storage;

/// <summary>
/// Where the product keeps its data. Bound from the <c>Storage</c> configuration section;
/// <see cref="ConnectionString"/> comes from <c>ConnectionStrings:Ivr</c>.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The configuration key of the external server's connection string.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Ivr";

    /// <summary>
    /// Directory of the embedded cluster (<c>Storage:DataDirectory</c>). When unset: on Linux as root
    /// <c>/var/lib/ivrservice</c>; on Windows <c>%ProgramData%\IvrService</c>; otherwise the user's
    /// local application data folder plus <c>IvrService</c>.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Directory holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c> (<c>Storage:PostgresBinDirectory</c>).
    /// When unset: the highest <c>/usr/lib/postgresql/*/bin</c> holding <c>initdb</c>, else <c>initdb</c> on PATH.
    /// </summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>
    /// Loopback port of the embedded cluster (<c>Storage:EmbeddedPort</c>). 0 picks a free port at first
    /// start and keeps it; if that port is taken at a later start another one is picked and saved.
    /// </summary>
    public int EmbeddedPort { get; set; }

    /// <summary>Database name inside the embedded cluster (<c>Storage:Database</c>).</summary>
    public string Database { get; set; } = "ivr";

    /// <summary>How long starting or stopping the embedded cluster may take (<c>Storage:StartTimeout</c>).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Connection string of an external server. Taken only from <c>ConnectionStrings:Ivr</c>; when set,
    /// nothing is started and the embedded settings are ignored.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The data directory in effect: <see cref="DataDirectory"/> or the platform default.</summary>
    public string ResolvedDataDirectory => string.IsNullOrWhiteSpace(DataDirectory) ? Internal.StorageDefaults.DataDirectory() : DataDirectory;
}
