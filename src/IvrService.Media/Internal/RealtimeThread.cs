using System.Runtime.InteropServices;

namespace IvrService.Media.Internal;

/// <summary>
/// Raises the calling thread's scheduling priority on Linux, where .NET ignores <see cref="Thread.Priority"/>:
/// a lower nice value lets a pacing loop that wakes every 20 ms run at once on a busy machine. Needs root or
/// CAP_SYS_NICE; without them the thread keeps its priority and the loop still works.
/// </summary>
internal static class RealtimeThread
{
    private const int PrioProcess = 0;
    private const int PrSetTimerSlack = 29;

    /// <summary>Sets the current thread's nice value; false when the platform or permissions do not allow it.</summary>
    public static bool TrySetNice(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // On Linux, PRIO_PROCESS with a thread id changes that thread alone.
            return SetPriority(PrioProcess, (uint)GetThreadId(), nice) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Asks the kernel to wake this thread's timed sleeps within a microsecond (the default slack is 50 µs);
    /// false where that is not available.
    /// </summary>
    public static bool TryTightenTimerSlack()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Prctl(PrSetTimerSlack, 1000, 0, 0, 0) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sleeps for <paramref name="duration"/> with sub-millisecond precision on Linux (nanosleep), where
    /// <see cref="Thread.Sleep(TimeSpan)"/> rounds down to whole milliseconds; elsewhere falls back to it.
    /// </summary>
    public static void Sleep(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            var ticks = duration.Ticks;
            var request = new TimeSpec(ticks / TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerSecond * 100);
            try
            {
                NanoSleep(ref request, IntPtr.Zero);
                return;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }

        Thread.Sleep(duration);
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimeSpec(long Seconds, long Nanoseconds);

    [DllImport("libc", EntryPoint = "nanosleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NanoSleep(ref TimeSpec request, IntPtr remaining);

    [DllImport("libc", EntryPoint = "prctl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, uint who, int prio);
}
