using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.Projects;

namespace QuotaLedger.Application.Storage.Projects;

public sealed record GetProject(Guid ProjectId) : IQuery<ResourceView<Project>>;

public sealed class GetProjectHandler(DocumentReader reader, RequestContext context) : IRequestHandler<GetProject, ResourceView<Project>>
{
    public Task<ResourceView<Project>> Handle(GetProject query, CancellationToken ct) =>
        reader.GetAsync<Project>(context.Actor, query.ProjectId, withHistory: true, ct);
}
