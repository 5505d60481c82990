using Google.Rpc;
using Grpc.Core;
using IvrService.Api.V1;
using IvrService.Flows;
using IvrService.Testing;

namespace IvrService.Api.Tests;

[Collection(ApiServerCollection.Name)]
public sealed class ServiceEventsServiceTests
{
    private readonly ApiServerFixture _server;

    public ServiceEventsServiceTests(ApiServerFixture server)
    {
        _server = server;
    }

    private ServiceEvents.ServiceEventsClient Client => new(_server.Channel);

    private static CallOptions AsIntegrator => ApiServerFixture.With(ApiServerFixture.IntegratorKey);

    private static string NewNumber() => Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ServiceRequest Request(string number) => new()
    {
        Number = number,
        Status = ServiceRequestStatus.WaitingForParts,
        StatusDate = new CivilDate { Year = 2025, Month = 3, Day = 1 },
        VisitDate = new CivilDate { Year = 2025, Month = 3, Day = 5 },
        TechnicianId = "t-17",
        TechnicianName = "Reza Ahmadi",
        ProductCode = "4711",
        ServiceType = "repair",
        CustomerId = "c-42",
        CustomerPhone = "0912 123 4567",
    };

    private static async Task<RpcException> FailsAsync<T>(AsyncUnaryCall<T> call) =>
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeouts.Default));

    private static IEnumerable<string> Fields(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal);

    [Fact]
    public async Task UpsertServiceRequest_StoresWhatTheFollowUpMenuReads_WhenRequestIsNew()
    {
        // Arrange
        var number = NewNumber();

        // Act
        var response = await Client.UpsertServiceRequestAsync(
            new UpsertServiceRequestRequest { ServiceRequest = Request(number) }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.True(response.Created);
        var expected = Request(number);
        expected.CustomerPhone = "+989121234567";
        Assert.Equal(expected, response.ServiceRequest);
        var found = await _server.FlowServices.FindServiceRequestAsync(number, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(
            new ServiceRequestInfo(number, "waiting_parts", new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 5), "Reza Ahmadi", "4711"),
            found);
    }

    [Fact]
    public async Task UpsertServiceRequest_ChangesNothing_WhenSameRequestIsRepeated()
    {
        // Arrange
        var number = NewNumber();
        var first = await Client.UpsertServiceRequestAsync(
            new UpsertServiceRequestRequest { ServiceRequest = Request(number) }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Act
        var repeat = await Client.UpsertServiceRequestAsync(
            new UpsertServiceRequestRequest { ServiceRequest = Request(number) }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal((false, first.ServiceRequest, first.UpdatedAt), (repeat.Created, repeat.ServiceRequest, repeat.UpdatedAt));
    }

    [Fact]
    public async Task UpsertServiceRequest_ReplacesEveryField_WhenNumberExists()
    {
        // Arrange
        var number = NewNumber();
        await Client.UpsertServiceRequestAsync(
            new UpsertServiceRequestRequest { ServiceRequest = Request(number) }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var completed = new ServiceRequest
        {
            Number = number,
            Status = ServiceRequestStatus.Completed,
            StatusDate = new CivilDate { Year = 2025, Month = 3, Day = 6 },
        };

        // Act
        var response = await Client.UpsertServiceRequestAsync(
            new UpsertServiceRequestRequest { ServiceRequest = completed }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(response.Created);
        Assert.Equal(completed, response.ServiceRequest);
        var found = await _server.FlowServices.FindServiceRequestAsync(number, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.Equal(new ServiceRequestInfo(number, "completed", new DateOnly(2025, 3, 6), null, null, null), found);
    }

    [Fact]
    public async Task UpsertServiceRequest_FailsInvalidArgumentNamingFields_WhenFieldsAreBad()
    {
        // Arrange
        var bad = new ServiceRequest
        {
            Number = "12a45",
            StatusDate = new CivilDate { Year = 2025, Month = 2, Day = 30 },
            VisitDate = new CivilDate { Year = 2025, Month = 13, Day = 1 },
            TechnicianName = new string('n', 201),
            CustomerPhone = "12345",
        };

        // Act
        var error = await FailsAsync(Client.UpsertServiceRequestAsync(new UpsertServiceRequestRequest { ServiceRequest = bad }, AsIntegrator));
        var missing = await FailsAsync(Client.UpsertServiceRequestAsync(new UpsertServiceRequestRequest(), AsIntegrator));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            ["service_request.customer_phone", "service_request.number", "service_request.status", "service_request.status_date",
                "service_request.technician_name", "service_request.visit_date"],
            Fields(error));
        Assert.Equal(["service_request"], Fields(missing));
    }

    [Fact]
    public async Task UpsertServiceRequest_FailsUnauthenticated_WhenNoKeyIsSent()
    {
        // Act
        var error = await FailsAsync(Client.UpsertServiceRequestAsync(
            new UpsertServiceRequestRequest { ServiceRequest = Request(NewNumber()) }, ApiServerFixture.With(null)));

        // Assert
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task UpsertCustomer_StoresNormalisedPhonesAndDefaults_WhenCustomerIsNew()
    {
        // Arrange
        var id = "c-" + Guid.NewGuid().ToString("N");
        var customer = new Customer { CustomerId = id, Name = "Sara Karimi", Phones = { "09121234567", "+44 20 7946 0018", "00989121234567" } };

        // Act
        var response = await Client.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = customer }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);
        var repeat = await Client.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = customer }, AsIntegrator).ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        var expected = new Customer { CustomerId = id, Name = "Sara Karimi", Phones = { "+989121234567", "+442079460018" }, Language = "fa", TimeZone = "Asia/Tehran" };
        Assert.Equal((true, expected), (response.Created, response.Customer));
        Assert.Equal((false, expected), (repeat.Created, repeat.Customer));
        var stored = await _server.Customers.GetCustomerAsync(id, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Assert.NotNull(stored);
        Assert.Equal(["+989121234567", "+442079460018"], stored.Phones);
        Assert.Equal(stored.CreatedAt, stored.UpdatedAt);
    }

    [Fact]
    public async Task UpsertCustomer_ReplacesCustomer_WhenIdExists()
    {
        // Arrange
        var id = "c-" + Guid.NewGuid().ToString("N");
        await Client.UpsertCustomerAsync(
            new UpsertCustomerRequest { Customer = new Customer { CustomerId = id, Name = "Old", Phones = { "09121234567" } } }, AsIntegrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Act
        var response = await Client.UpsertCustomerAsync(
            new UpsertCustomerRequest { Customer = new Customer { CustomerId = id, Name = "New", Language = "en", TimeZone = "Europe/London" } }, AsIntegrator)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.False(response.Created);
        Assert.Equal(new Customer { CustomerId = id, Name = "New", Language = "en", TimeZone = "Europe/London" }, response.Customer);
    }

    [Fact]
    public async Task UpsertCustomer_FailsInvalidArgumentNamingFields_WhenFieldsAreBad()
    {
        // Arrange
        var bad = new Customer { CustomerId = "", Phones = { "09121234567", "abc" }, Language = "de", TimeZone = "Mars/Olympus" };

        // Act
        var error = await FailsAsync(Client.UpsertCustomerAsync(new UpsertCustomerRequest { Customer = bad }, AsIntegrator));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["customer.customer_id", "customer.language", "customer.phones[1]", "customer.time_zone"], Fields(error));
    }
}
