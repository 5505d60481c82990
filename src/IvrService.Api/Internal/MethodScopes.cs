namespace IvrService.Api.Internal;

/// <summary>The scope each gRPC method needs, from its full name (<c>/package.Service/Method</c>).</summary>
internal static class MethodScopes
{
    private const string AdminService = "/ivr.v1.Admin/";
    private const string ProductPackage = "/ivr.v1.";

    /// <summary>
    /// The scope <paramref name="method"/> needs, or null for the open infrastructure services (gRPC health
    /// checking and server reflection, which describe only the public contract).
    /// </summary>
    public static ApiScope? Required(string method)
    {
        if (method.StartsWith(AdminService, StringComparison.Ordinal))
        {
            return ApiScope.Admin;
        }

        if (method.StartsWith(ProductPackage, StringComparison.Ordinal))
        {
            return ApiScope.Integrator;
        }

        if (method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)
            || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal))
        {
            return null;
        }

        // Anything else mapped later must say what it needs; until then only admins reach it.
        return ApiScope.Admin;
    }
}
