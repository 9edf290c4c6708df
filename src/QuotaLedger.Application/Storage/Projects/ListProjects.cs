using FluentValidation;
using MediatR;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Storage.Projects;

namespace QuotaLedger.Application.Storage.Projects;

public sealed record ListProjects(string? Holder, int Limit = 100, int Offset = 0) : IQuery<Page<ResourceView<Project>>>, IListQuery;

public sealed class ListProjectsValidator : AbstractValidator<ListProjects>
{
    public ListProjectsValidator() => this.Paging();
}

public sealed class ListProjectsHandler(DocumentReader reader, RequestContext context)
    : IRequestHandler<ListProjects, Page<ResourceView<Project>>>
{
    public Task<Page<ResourceView<Project>>> Handle(ListProjects query, CancellationToken ct) =>
        reader.ListAsync<Project>(context.Actor, query.Holder, query.Limit, query.Offset, ct);
}
