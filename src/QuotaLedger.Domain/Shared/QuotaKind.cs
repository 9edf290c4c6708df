namespace QuotaLedger.Domain.Shared;

/// <summary>The two kinds of land-use quota the centre pools and sells (P-2022 §二(三)1).</summary>
public enum QuotaKind
{
    /// <summary>补充耕地指标: three measures, area, grain capacity and paddy area.</summary>
    Replenishment,

    /// <summary>城乡建设用地增减挂钩节余指标: area only.</summary>
    LinkageSurplus,
}
