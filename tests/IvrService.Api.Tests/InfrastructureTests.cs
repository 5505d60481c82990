using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using IvrService.Testing;

namespace IvrService.Api.Tests;

[Collection(ApiServerCollection.Name)]
public sealed class InfrastructureTests
{
    private readonly ApiServerFixture _server;

    public InfrastructureTests(ApiServerFixture server)
    {
        _server = server;
    }

    [Fact]
    public async Task ServerReflection_ListsEveryProductService_WhenAskedWithoutKey()
    {
        // Arrange
        var reflection = new ServerReflection.ServerReflectionClient(_server.Channel);
        using var call = reflection.ServerReflectionInfo(deadline: DateTime.UtcNow.Add(TestTimeouts.Default));

        // Act
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }).WaitAsync(TestTimeouts.Default);
        await call.RequestStream.CompleteAsync().WaitAsync(TestTimeouts.Default);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToHashSet();

        // Assert
        Assert.Superset(
            new HashSet<string> { "ivr.v1.Calls", "ivr.v1.ServiceEvents", "ivr.v1.Surveys", "ivr.v1.Reports", "ivr.v1.Admin", "grpc.health.v1.Health" },
            services);
    }

    [Fact]
    public async Task ServerReflection_DescribesCallsFile_WhenAskedForItsSymbol()
    {
        // Arrange
        var reflection = new ServerReflection.ServerReflectionClient(_server.Channel);
        using var call = reflection.ServerReflectionInfo(deadline: DateTime.UtcNow.Add(TestTimeouts.Default));

        // Act
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "ivr.v1.Calls" }).WaitAsync(TestTimeouts.Default);
        await call.RequestStream.CompleteAsync().WaitAsync(TestTimeouts.Default);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Default));
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(bytes))
            .ToList();

        // Assert
        var calls = Assert.Single(files, f => f.Name == "ivr/v1/calls.proto");
        Assert.Equal("ivr.v1", calls.Package);
        Assert.Contains(calls.Service.Single().Method, m => m.Name == "DownloadRecording" && m.ServerStreaming);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ivr.v1.Calls")]
    [InlineData("ivr.v1.Admin")]
    public async Task HealthCheck_ReportsServing_WhenDatabaseAnswers(string service)
    {
        // Arrange
        var health = new Health.HealthClient(_server.Channel);

        // Act
        var response = await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.Add(TestTimeouts.Default))
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task HealthCheck_FailsNotFound_WhenServiceIsUnknown()
    {
        // Arrange
        var health = new Health.HealthClient(_server.Channel);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }, deadline: DateTime.UtcNow.Add(TestTimeouts.Default))
                .ResponseAsync.WaitAsync(TestTimeouts.Default));

        // Assert
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
