using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RoiValuesUnset : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<double>(
                name: "ValuePerShare",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6);

            migrationBuilder.AlterColumn<double>(
                name: "ValuePerNewFollower",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6);

            migrationBuilder.AlterColumn<double>(
                name: "ValuePerLike",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6);

            migrationBuilder.AlterColumn<double>(
                name: "ValuePerComment",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6);

            migrationBuilder.AlterColumn<double>(
                name: "ValuePerClick",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6);

            migrationBuilder.AlterColumn<double>(
                name: "MonthlyToolCost",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6);

            migrationBuilder.AlterColumn<double>(
                name: "MonthlyLabourCost",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<double>(
                name: "ValuePerShare",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6,
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "ValuePerNewFollower",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6,
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "ValuePerLike",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6,
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "ValuePerComment",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6,
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "ValuePerClick",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6,
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "MonthlyToolCost",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6,
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "MonthlyLabourCost",
                table: "RoiSettings",
                type: "REAL",
                precision: 18,
                scale: 6,
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldPrecision: 18,
                oldScale: 6,
                oldNullable: true);
        }
    }
}
