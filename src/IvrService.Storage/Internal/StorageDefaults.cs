namespace IvrService.Storage.Internal;

internal static class StorageDefaults
{
    /// <summary>
    /// <c>Storage:DataDirectory</c> when unset: <c>/var/lib/ivrservice</c> for root on Linux,
    /// <c>%ProgramData%\IvrService</c> on Windows, else the user's local application data.
    /// </summary>
    public static string DataDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "IvrService");
        }

        if (OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess)
        {
            return "/var/lib/ivrservice";
        }

        return Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "IvrService");
    }
}
