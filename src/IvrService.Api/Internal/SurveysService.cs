using IvrService.Api.V1;

namespace IvrService.Api.Internal;

/// <summary>
/// The Surveys service as far as this server has it: methods not overridden here answer UNIMPLEMENTED (gRPC's
/// default), so the service is listed by reflection and guarded by the API keys while its parts land.
/// </summary>
internal sealed class SurveysService : Surveys.SurveysBase
{
}
