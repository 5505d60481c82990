using Microsoft.Extensions.Logging;

namespace IvrService.Storage.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = StorageEventIds.ClusterInitializing, Level = LogLevel.Information,
        Message = "Creating the embedded PostgreSQL cluster in {PgData}")]
    public static partial void ClusterInitializing(ILogger logger, string pgData);

    [LoggerMessage(EventId = StorageEventIds.ClusterInitialized, Level = LogLevel.Information,
        Message = "Created the embedded PostgreSQL cluster in {PgData}")]
    public static partial void ClusterInitialized(ILogger logger, string pgData);

    [LoggerMessage(EventId = StorageEventIds.ClusterStarting, Level = LogLevel.Information,
        Message = "Starting the embedded PostgreSQL cluster in {PgData} on 127.0.0.1:{Port}")]
    public static partial void ClusterStarting(ILogger logger, string pgData, int port);

    [LoggerMessage(EventId = StorageEventIds.ClusterStarted, Level = LogLevel.Information,
        Message = "The embedded PostgreSQL cluster in {PgData} listens on 127.0.0.1:{Port}")]
    public static partial void ClusterStarted(ILogger logger, string pgData, int port);

    [LoggerMessage(EventId = StorageEventIds.ClusterAlreadyRunning, Level = LogLevel.Information,
        Message = "The embedded PostgreSQL cluster in {PgData} is already running on 127.0.0.1:{Port}; using it")]
    public static partial void ClusterAlreadyRunning(ILogger logger, string pgData, int port);

    [LoggerMessage(EventId = StorageEventIds.ClusterStopping, Level = LogLevel.Information,
        Message = "Stopping the embedded PostgreSQL cluster in {PgData}")]
    public static partial void ClusterStopping(ILogger logger, string pgData);

    [LoggerMessage(EventId = StorageEventIds.ClusterStopped, Level = LogLevel.Information,
        Message = "Stopped the embedded PostgreSQL cluster in {PgData}")]
    public static partial void ClusterStopped(ILogger logger, string pgData);

    [LoggerMessage(EventId = StorageEventIds.StalePidFileRemoved, Level = LogLevel.Warning,
        Message = "Removed {PidFile} left by a server (PID {Pid}) that did not shut down cleanly; PostgreSQL will recover")]
    public static partial void StalePidFileRemoved(ILogger logger, string pidFile, int pid);

    [LoggerMessage(EventId = StorageEventIds.WaitingForLeftoverProcesses, Level = LogLevel.Warning,
        Message = "The postmaster of {PgData} is gone; waiting for its leftover processes {Pids} to exit")]
    public static partial void WaitingForLeftoverProcesses(ILogger logger, string pgData, string pids);

    [LoggerMessage(EventId = StorageEventIds.PortReplaced, Level = LogLevel.Warning,
        Message = "Port {OldPort} of the embedded cluster is taken by another program; moving to {NewPort}")]
    public static partial void PortReplaced(ILogger logger, int oldPort, int newPort);

    [LoggerMessage(EventId = StorageEventIds.PortTakenRetrying, Level = LogLevel.Warning,
        Message = "Port {Port} was taken while the embedded cluster started; trying another")]
    public static partial void PortTakenRetrying(ILogger logger, int port);

    [LoggerMessage(EventId = StorageEventIds.DatabaseCreated, Level = LogLevel.Information,
        Message = "Created database {Database}")]
    public static partial void DatabaseCreated(ILogger logger, string database);

    [LoggerMessage(EventId = StorageEventIds.ServerLogRotated, Level = LogLevel.Information,
        Message = "Rotated the PostgreSQL server log {LogFile}")]
    public static partial void ServerLogRotated(ILogger logger, string logFile);

    [LoggerMessage(EventId = StorageEventIds.UnixSocketDisabled, Level = LogLevel.Warning,
        Message = "The path {Directory} is too long for a unix socket; the embedded cluster listens on TCP only")]
    public static partial void UnixSocketDisabled(ILogger logger, string directory);

    [LoggerMessage(EventId = StorageEventIds.ClusterStopFailed, Level = LogLevel.Error,
        Message = "Stopping the embedded PostgreSQL cluster failed")]
    public static partial void ClusterStopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = StorageEventIds.UsingExternalServer, Level = LogLevel.Information,
        Message = "Using the PostgreSQL server of ConnectionStrings:Ivr ({Host}:{Port}, database {Database})")]
    public static partial void UsingExternalServer(ILogger logger, string? host, int port, string? database);

    [LoggerMessage(EventId = StorageEventIds.DatabaseReady, Level = LogLevel.Information,
        Message = "Storage is ready")]
    public static partial void DatabaseReady(ILogger logger);

    [LoggerMessage(EventId = StorageEventIds.MigrationsUpToDate, Level = LogLevel.Information,
        Message = "Database schema is up to date at version {Version}")]
    public static partial void MigrationsUpToDate(ILogger logger, int version);

    [LoggerMessage(EventId = StorageEventIds.MigrationApplied, Level = LogLevel.Information,
        Message = "Applied migration {FileName}")]
    public static partial void MigrationApplied(ILogger logger, string fileName);

    [LoggerMessage(EventId = StorageEventIds.MigrationUnknownInDatabase, Level = LogLevel.Warning,
        Message = "The database has migration {Version} ({Name}) that this build does not know; it was made by a newer version")]
    public static partial void MigrationUnknownInDatabase(ILogger logger, int version, string name);

    [LoggerMessage(EventId = StorageEventIds.InterruptedCallsMarked, Level = LogLevel.Warning,
        Message = "Marked {Count} calls of instance {InstanceId} left open by an earlier run as interrupted")]
    public static partial void InterruptedCallsMarked(ILogger logger, int count, string instanceId);

    [LoggerMessage(EventId = StorageEventIds.SurveyResultListening, Level = LogLevel.Information,
        Message = "Listening for survey result changes on channel {Channel}")]
    public static partial void SurveyResultListening(ILogger logger, string channel);

    [LoggerMessage(EventId = StorageEventIds.SurveyResultListenerLost, Level = LogLevel.Warning,
        Message = "Listening for survey result changes failed; trying again in {RetryDelay}")]
    public static partial void SurveyResultListenerLost(ILogger logger, TimeSpan retryDelay, Exception exception);
}
