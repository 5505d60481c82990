namespace IvrService.Storage;

/// <summary>Log event ids of the storage layer: the range 2000–2999 belongs to Storage.</summary>
public static class StorageEventIds
{
    public const int ClusterInitializing = 2001;
    public const int ClusterInitialized = 2002;
    public const int ClusterStarting = 2003;
    public const int ClusterStarted = 2004;
    public const int ClusterAlreadyRunning = 2005;
    public const int ClusterStopping = 2006;
    public const int ClusterStopped = 2007;
    public const int StalePidFileRemoved = 2008;
    public const int WaitingForLeftoverProcesses = 2009;
    public const int PortReplaced = 2010;
    public const int PortTakenRetrying = 2011;
    public const int DatabaseCreated = 2012;
    public const int ServerLogRotated = 2013;
    public const int UnixSocketDisabled = 2014;
    public const int ClusterStopFailed = 2015;

    public const int UsingExternalServer = 2100;
    public const int DatabaseReady = 2101;

    public const int MigrationsUpToDate = 2200;
    public const int MigrationApplied = 2201;
    public const int MigrationUnknownInDatabase = 2202;

    public const int InterruptedCallsMarked = 2300;

    public const int SurveyResultListening = 2400;
    public const int SurveyResultListenerLost = 2401;
}
