using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RoiSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RoiSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ValuePerLike = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    ValuePerComment = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    ValuePerShare = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    ValuePerClick = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    ValuePerNewFollower = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    MonthlyToolCost = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    MonthlyLabourCost = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    UsdRate = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoiSettings", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RoiSettings");
        }
    }
}
