using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WallPairing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PairingCodeHash",
                table: "KioskKeys",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PairingExpiresAt",
                table: "KioskKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WallSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    ShowUnpublishedText = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WallSettings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KioskKeys_PairingCodeHash",
                table: "KioskKeys",
                column: "PairingCodeHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WallSettings");

            migrationBuilder.DropIndex(
                name: "IX_KioskKeys_PairingCodeHash",
                table: "KioskKeys");

            migrationBuilder.DropColumn(
                name: "PairingCodeHash",
                table: "KioskKeys");

            migrationBuilder.DropColumn(
                name: "PairingExpiresAt",
                table: "KioskKeys");
        }
    }
}
