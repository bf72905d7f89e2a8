using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Postgres
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PairingExpiresAt",
                table: "KioskKeys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WallSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    ShowUnpublishedText = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
