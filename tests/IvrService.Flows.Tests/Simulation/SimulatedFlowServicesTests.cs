using IvrService.Flows.Simulation;

namespace IvrService.Flows.Tests.Simulation;

public sealed class SimulatedFlowServicesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AddFromYaml_MakesRequestFindable_WhenFileIsValid()
    {
        var services = new SimulatedFlowServices();
        services.AddFromYaml(
            "service_requests:\n  - number: \"777\"\n    status: visit_scheduled\n    visit_date: 2025-04-02\n    technician: Nima\n",
            "data.yaml");

        var request = await services.FindServiceRequestAsync("777", CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(new ServiceRequestInfo("777", "visit_scheduled", null, new DateOnly(2025, 4, 2), "Nima", null), request);
        Assert.NotNull(await services.FindServiceRequestAsync("12345", CancellationToken.None).WaitAsync(Wait));
    }

    [Theory]
    [InlineData("requests: []\n", "data.yaml:1:1: unknown key 'requests' (expected 'service_requests')")]
    [InlineData("service_requests:\n  - number: \"1\"\n    status: open\n    visit_date: 2025-13-01\n", "data.yaml:4:17: 'visit_date' must be a date yyyy-MM-dd, not '2025-13-01'")]
    [InlineData("service_requests:\n  - status: open\n", "data.yaml:2:5: a service request needs 'number' and 'status'")]
    public void AddFromYaml_ThrowsWithFileLineAndColumn_WhenFileIsWrong(string yaml, string expected)
    {
        var services = new SimulatedFlowServices();

        var error = Assert.Throws<FormatException>(() => services.AddFromYaml(yaml, "data.yaml"));

        Assert.Equal(expected, error.Message);
    }
}
