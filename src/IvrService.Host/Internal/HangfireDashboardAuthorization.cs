using System.Net.Http.Headers;
using System.Text;
using Hangfire.Dashboard;
using IvrService.Api;

namespace IvrService.Host.Internal;

/// <summary>
/// Guards the Hangfire dashboard with the API keys: sent as <c>Authorization: Bearer &lt;key&gt;</c>, or from a browser as
/// HTTP Basic with the key as the password (any user name). Admin keys may act (retry, delete jobs); integrator keys
/// see it read-only; no key or an unknown one gets 401 with a Basic challenge.
/// </summary>
internal sealed class HangfireDashboardAuthorization(IApiKeyStore keys) : IDashboardAsyncAuthorizationFilter
{
    private const string IdentityItem = "IvrService.DashboardIdentity";

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var key = KeyFrom(http.Request.Headers.Authorization.ToString());
        var identity = key is null ? null : await keys.FindAsync(ApiKeyHash.Compute(key), http.RequestAborted).ConfigureAwait(false);
        if (identity is null)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"IvrService\", charset=\"UTF-8\"";
            return false;
        }

        http.Items[IdentityItem] = identity;
        return true;
    }

    /// <summary>True unless the request was authorised with an admin key.</summary>
    public static bool IsReadOnly(DashboardContext context) =>
        context.GetHttpContext().Items[IdentityItem] is not ApiKeyIdentity { Scope: ApiScope.Admin };

    private static string? KeyFrom(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || string.IsNullOrEmpty(value.Parameter))
        {
            return null;
        }

        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return value.Parameter;
        }

        if (!value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 && colon < text.Length - 1 ? text[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
