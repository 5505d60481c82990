namespace IvrService.IntegrationTests.Flows;

/// <summary>The after-sales host on a Saturday 10:00 in Tehran (a working day, not a holiday of 1405): open.</summary>
public sealed class AfterSalesOpenHost : AfterSalesHost
{
    public AfterSalesOpenHost()
        : base(new DateTime(2026, 5, 9, 10, 0, 0, DateTimeKind.Unspecified))
    {
    }
}
