namespace IvrService.HappyCalls.Tests;

/// <summary>Policies built the way the product builds them: from options through the resolver.</summary>
internal static class TestPolicies
{
    public static readonly TimeSpan Tehran = new(3, 30, 0);

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    public static HappyCallPolicy Default(Action<HappyCallOptions>? configure = null)
    {
        var options = new HappyCallOptions();
        configure?.Invoke(options);
        return new HappyCallPolicyResolver(options).Default;
    }

    public static CallingWindow TehranWindow(Action<HappyCallOptions>? configure = null) => Default(configure).WindowFor(Zone("Asia/Tehran"));

    /// <summary>A time in Tehran (+03:30 all year since 2022).</summary>
    public static DateTimeOffset InTehran(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Tehran);
}
