using IvrService.Testing;

namespace IvrService.IntegrationTests.ScaleOut;

/// <summary>A test that needs the kamailio program; skipped, saying how to get it, when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KamailioFactAttribute : FactAttribute
{
    public KamailioFactAttribute()
    {
        if (KamailioProcess.FindExecutable() is null)
        {
            Skip = "kamailio is not installed: apt-get install -y --no-install-recommends kamailio (./build.sh test installs it)";
        }
    }
}
