using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IvrService.Api;
using IvrService.Testing;

namespace IvrService.IntegrationTests.Operations;

/// <summary>The Hangfire dashboard on the HTTP endpoint: API keys only; admins may act, integrators only look.</summary>
public sealed class HangfireDashboardTests : IAsyncLifetime
{
    private const string AdminKey = "ivr_dashboard_admin";
    private const string IntegratorKey = "ivr_dashboard_crm";

    private readonly IvrHostFixture _host = new() { ServeHttp = true };
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _host.Settings["Api:Keys:0:Name"] = "ops";
        _host.Settings["Api:Keys:0:Scope"] = "admin";
        _host.Settings["Api:Keys:0:Sha256"] = ApiKeyHash.ToHex(AdminKey);
        _host.Settings["Api:Keys:1:Name"] = "crm";
        _host.Settings["Api:Keys:1:Scope"] = "integrator";
        _host.Settings["Api:Keys:1:Sha256"] = ApiKeyHash.ToHex(IntegratorKey);
        await _host.InitializeAsync();
        _http.BaseAddress = _host.HttpAddress;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Dashboard_AsksForAKey_WhenNoneOrAnUnknownOneIsSent()
    {
        using var anonymous = await SendAsync(HttpMethod.Get, "hangfire", null);
        using var unknown = await SendAsync(HttpMethod.Get, "hangfire", Basic("ivr_not_a_key"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task Dashboard_ShowsTheDialQueueReadOnly_ToAnIntegratorKey_AndLetsAnAdminAct()
    {
        using var integratorPage = await SendAsync(HttpMethod.Get, "hangfire/servers", Basic(IntegratorKey));
        using var adminPage = await SendAsync(HttpMethod.Get, "hangfire/servers", new AuthenticationHeaderValue("Bearer", AdminKey));
        using var integratorCommand = await SendAsync(HttpMethod.Post, "hangfire/jobs/scheduled/enqueue", Basic(IntegratorKey));
        using var adminCommand = await SendAsync(HttpMethod.Post, "hangfire/jobs/scheduled/enqueue", Basic(AdminKey));

        Assert.Equal(HttpStatusCode.OK, integratorPage.StatusCode);
        Assert.Contains("dial", await integratorPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        // A command without job ids is refused by Hangfire itself (422) once it is allowed: the admin's is; the
        // integrator's is stopped before, as the read-only dashboard forbids every command.
        Assert.Contains(integratorCommand.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, adminCommand.StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string key) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + key)));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = authorization;
        if (method == HttpMethod.Post)
        {
            request.Content = new FormUrlEncodedContent([]);
        }

        return await _http.SendAsync(request).WaitAsync(TestTimeouts.Default);
    }
}
