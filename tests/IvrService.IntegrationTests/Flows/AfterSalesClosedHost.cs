namespace IvrService.IntegrationTests.Flows;

/// <summary>The after-sales host on a Friday 10:00 in Tehran (the weekly day off): closed.</summary>
public sealed class AfterSalesClosedHost : AfterSalesHost
{
    public AfterSalesClosedHost()
        : base(new DateTime(2026, 5, 8, 10, 0, 0, DateTimeKind.Unspecified))
    {
    }
}
